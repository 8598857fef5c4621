import type { ReactNode } from 'react';
import { Check, Copy } from 'lucide-react';
import { Button, type ButtonProps } from '../../components/ui/button';
import { cn } from '../../lib/cn';
import { useClipboard } from '../../lib/use-clipboard';

/** Copies `text`; says "Copied" for a moment, or that the clipboard was out of reach. */
export function CopyButton({
  text,
  label,
  size = 'sm',
  variant = 'secondary',
  className,
  showText = true,
}: {
  text: string;
  /** What is copied, for the accessible name: "Copy gateway URL". */
  label: string;
  size?: ButtonProps['size'];
  variant?: ButtonProps['variant'];
  className?: string;
  showText?: boolean;
}) {
  const { state, copy } = useClipboard(text);
  return (
    <Button
      size={size}
      variant={variant}
      className={className}
      aria-label={label}
      title={state === 'failed' ? 'Could not reach the clipboard: select the text and copy it by hand.' : label}
      onClick={copy}
    >
      {state === 'copied' ? <Check aria-hidden="true" className="size-3.5" /> : <Copy aria-hidden="true" className="size-3.5" />}
      {showText ? <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}</span> : null}
    </Button>
  );
}

/** A value a person will paste elsewhere: monospace, selectable, with Copy next to it. */
export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <div className="flex min-w-0 items-center gap-2">
      <code
        data-testid={testId}
        aria-label={label}
        className="block min-w-0 flex-1 truncate rounded-md border border-border bg-surface px-2 py-1 font-mono text-[12px] select-all"
        title={value}
      >
        {value}
      </code>
      <CopyButton text={value} label={`Copy ${label}`} />
    </div>
  );
}

/** A multi-line block (JSON, code) with a Copy button in its corner. */
export function CodeBlock({ code, label, testId, className }: { code: string; label: string; testId?: string; className?: string }) {
  return (
    <div className="relative">
      <pre
        data-testid={testId}
        aria-label={label}
        tabIndex={0}
        className={cn(className ?? 'max-h-80', 'overflow-auto rounded-md border border-border bg-surface px-3 py-2.5 pr-24 font-mono text-[12px] leading-relaxed whitespace-pre text-fg focus-visible:outline-2 focus-visible:outline-ring')}
      >
        {code}
      </pre>
      <CopyButton text={code} label={`Copy ${label}`} className="absolute top-2 right-2" />
    </div>
  );
}

/** A secret shown once: large, selectable, with its copy button (`children`) beside it. */
export function SecretBox({ secret, label, testId, children }: { secret: string; label: string; testId: string; children: ReactNode }) {
  return (
    <div className="flex items-stretch gap-2">
      <output
        aria-label={label}
        data-testid={testId}
        className="block min-w-0 flex-1 rounded-md border border-border-strong bg-surface px-3 py-2.5 font-mono text-[15px] leading-snug break-all select-all"
      >
        {secret}
      </output>
      {children}
    </div>
  );
}
