import type { ReactNode } from 'react';
import { ChevronDown, ChevronRight } from 'lucide-react';
import { Button } from './button';

/** Shows or hides the part it controls; its accessible name says which way and what. */
export function DisclosureButton({
  open,
  onToggle,
  controls,
  what,
  children,
}: {
  open: boolean;
  onToggle: () => void;
  /** Id of the part shown while open. */
  controls: string;
  /** What it shows, for the name: "tools of fs" → "Show tools of fs". */
  what: string;
  children: ReactNode;
}) {
  return (
    <Button
      size="sm"
      variant="ghost"
      aria-expanded={open}
      aria-controls={open ? controls : undefined}
      onClick={onToggle}
      aria-label={`${open ? 'Hide' : 'Show'} ${what}`}
    >
      {open ? <ChevronDown aria-hidden="true" className="size-3.5" /> : <ChevronRight aria-hidden="true" className="size-3.5" />}
      {children}
    </Button>
  );
}
