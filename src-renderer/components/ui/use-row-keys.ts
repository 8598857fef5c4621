// j/k (and ↓/↑) move between a table's rows, Enter opens the focused one (Linear's way).
// Pressed with nothing focused, j or k enter the first table on the page that opens rows.
import { useEffect, useRef, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';

const NAV = '[data-row-nav]';

/** A click on a control inside the row (a button, a link) is that control's, not the row's. */
export function fromControl(e: MouseEvent): boolean {
  return e.target instanceof Element && e.target.closest('button, a, input, select, textarea, [role="menuitem"]') !== null;
}

function rowsOf(table: HTMLElement | null): HTMLElement[] {
  return table ? [...table.querySelectorAll<HTMLElement>('tbody > tr[data-row]')] : [];
}

/** Moves focus by `step` rows from the focused one (or to the first). */
function move(table: HTMLElement | null, step: number): void {
  const rows = rowsOf(table);
  if (rows.length === 0) return;
  const at = rows.findIndex((r) => r === document.activeElement);
  const next = at < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, at + step));
  rows[next]!.focus();
  rows[next]!.scrollIntoView({ block: 'nearest' });
}

export function useRowKeys(enabled: boolean): { ref: RefObject<HTMLTableElement | null>; onKeyDown: (e: KeyboardEvent<HTMLElement>) => void } {
  const ref = useRef<HTMLTableElement>(null);

  useEffect(() => {
    if (!enabled) return;
    function onDocKey(e: globalThis.KeyboardEvent) {
      if ((e.key !== 'j' && e.key !== 'k') || e.metaKey || e.ctrlKey || e.altKey) return;
      // Only from "nowhere", outside dialogs, and for the first such table on the page.
      if (document.activeElement !== document.body || document.querySelector('[role="dialog"]')) return;
      if (document.querySelector(NAV) !== ref.current) return;
      e.preventDefault();
      move(ref.current, 0);
    }
    document.addEventListener('keydown', onDocKey);
    return () => document.removeEventListener('keydown', onDocKey);
  }, [enabled]);

  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    if (!enabled || e.metaKey || e.ctrlKey || e.altKey) return;
    // Only a focused row: keys pressed in a control inside a row (a row's Actions menu,
    // whose ↓/↑ move between its items) are that control's.
    const onRow = e.target instanceof HTMLElement && e.target.dataset.row !== undefined;
    if (!onRow) return;
    if (e.key === 'j' || e.key === 'ArrowDown') move(ref.current, 1);
    else if (e.key === 'k' || e.key === 'ArrowUp') move(ref.current, -1);
    else if (e.key === 'Enter') (e.target as HTMLElement).click();
    else return;
    e.preventDefault();
  }

  return { ref, onKeyDown };
}
