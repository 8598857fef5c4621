import { cn } from '../../lib/cn';

/** The first two lines name the file; after them a `---` line is a removed line that starts with `--`. */
function lineClass(line: string, index: number): string {
  if (index < 2 && (line.startsWith('+++') || line.startsWith('---'))) return 'text-muted font-semibold';
  if (line.startsWith('@@')) return 'text-muted bg-surface-2';
  if (line.startsWith('\\')) return 'text-muted italic'; // "\ No newline at end of file"
  if (line.startsWith('+')) return 'bg-ok-bg text-ok-fg';
  if (line.startsWith('-')) return 'bg-danger-bg text-danger';
  return 'text-fg';
}

/** A unified diff, added lines green and removed ones red; secret values arrive masked. */
export function DiffView({ diff, label, className }: { diff: string; label: string; className?: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre
      // Scrollable, so it must take focus (keyboard users scroll it with the arrows).
      tabIndex={0}
      role="region"
      aria-label={label}
      data-testid="config-diff"
      className={cn(
        // As tall as the window allows (a page scrolls around it); a dialog passes min-h-0 to fill its own height.
        'max-h-[calc(100vh-14rem)] overflow-auto rounded-md border border-border bg-bg py-1.5 font-mono text-[12px] leading-[1.55] focus-visible:outline-2 focus-visible:outline-ring',
        className,
      )}
    >
      {lines.map((l, i) => (
        <span key={i} className={cn('block px-3 whitespace-pre', lineClass(l, i))}>
          {l || ' '}
        </span>
      ))}
    </pre>
  );
}
