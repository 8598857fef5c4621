// The top bar's search button and the global ⌘K / Ctrl+K shortcut. Part of the
// first load, so it only holds state: the palette and the quick-action dialogs
// load on first use.
import { useNavigate } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Search } from 'lucide-react';
import type { QuickAction, SearchTarget } from './search-items';
import { isMac, isPaletteShortcut, shortcutLabel } from './shortcut';

const loadPalette = () => import('./command-palette');
const CommandPalette = lazy(() => loadPalette().then((m) => ({ default: m.CommandPalette })));
const QuickActionDialog = lazy(() => import('./quick-action-dialog').then((m) => ({ default: m.QuickActionDialog })));

export function SearchLauncher() {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  // Mounted from the first open on, so closing can hand focus back to the button.
  const [used, setUsed] = useState(false);
  const [action, setAction] = useState<QuickAction | null>(null);
  const [mac] = useState(isMac);
  const shortcut = shortcutLabel(mac);

  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (!isPaletteShortcut(e, mac)) return;
      // Over another dialog (a form in progress) the shortcut does nothing.
      if (!open && document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      e.preventDefault();
      setUsed(true);
      setOpen((o) => !o);
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [mac, open]);

  function select(target: SearchTarget) {
    if ('action' in target) {
      void navigate({ to: '/servers' });
      setAction(target.action);
    } else if ('to' in target) {
      // The screen reads what to open from its search params (see each screen's *-search.ts).
      void navigate({ to: target.to, search: (target.search ?? {}) as never });
    }
  }

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setUsed(true);
          setOpen(true);
        }}
        // Fetch the palette's code as soon as the pointer or focus is near it.
        onPointerEnter={() => void loadPalette()}
        onFocus={() => void loadPalette()}
        aria-keyshortcuts={shortcut.aria}
        aria-haspopup="dialog"
        className="flex h-8 w-72 min-w-0 shrink cursor-pointer items-center gap-2 rounded-md border border-border bg-bg px-2.5 text-[13px] text-muted hover:border-border-strong hover:text-fg"
      >
        <Search aria-hidden="true" className="size-4 shrink-0" />
        <span className="flex-1 truncate text-left">Search</span>
        <kbd aria-hidden="true" className="rounded border border-border bg-surface px-1.5 font-sans text-[11px]">
          {shortcut.text}
        </kbd>
      </button>
      {used ? (
        <Suspense fallback={null}>
          <CommandPalette open={open} onOpenChange={setOpen} onSelect={select} />
        </Suspense>
      ) : null}
      {action ? (
        <Suspense fallback={null}>
          <QuickActionDialog action={action} onClose={() => setAction(null)} />
        </Suspense>
      ) : null}
    </>
  );
}
