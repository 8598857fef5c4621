import {
  forwardRef,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { cn } from '../../lib/cn';

const control =
  'h-8 rounded-md border border-border-strong bg-bg px-2.5 leading-6 text-fg placeholder:text-muted aria-[invalid=true]:border-danger';

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  /** Monospace at 13px: DejaVu Sans Mono at 14px loses its underscores inside inputs. */
  mono?: boolean;
}

export const Input = forwardRef<HTMLInputElement, InputProps>(function Input({ className, mono, ...props }, ref) {
  return <input ref={ref} className={cn(control, mono ? 'font-mono text-[13px]' : 'text-sm', className)} {...props} />;
});

export const Select = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement>>(function Select(
  { className, ...props },
  ref,
) {
  return <select ref={ref} className={cn(control, 'pr-7 text-sm', className)} {...props} />;
});

/** The accent-coloured radio button and checkbox of every form. */
export const choiceClass = 'size-3.5 shrink-0 accent-[var(--gh-accent)]';

export const Checkbox = forwardRef<HTMLInputElement, Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>>(function Checkbox({ className, ...props }, ref) {
  return <input ref={ref} type="checkbox" className={cn(choiceClass, className)} {...props} />;
});

/** Several lines of monospace text (arguments, URIs), one item a line. */
export const TextArea = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement>>(function TextArea(
  { className, ...props },
  ref,
) {
  return (
    <textarea
      ref={ref}
      rows={3}
      spellCheck={false}
      className={cn(
        'w-full rounded-md border border-border-strong bg-bg px-2.5 py-1.5 font-mono text-[13px] text-fg placeholder:text-muted read-only:bg-surface aria-[invalid=true]:border-danger',
        className,
      )}
      {...props}
    />
  );
});

export interface TextFieldProps extends InputProps {
  id: string;
  label: ReactNode;
  /** The field's error; its hint (if any) stands in its place while there is none. */
  error?: string;
  hint?: ReactNode;
  labelClassName?: string;
}

/** A labelled input with its error (`<id>-error`) or hint (`<id>-hint`) below, tied to it for screen readers. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { id, label, error, hint, labelClassName = 'mb-1 block text-[13px] font-medium', ...props },
  ref,
) {
  return (
    <div>
      <label htmlFor={id} className={labelClassName}>
        {label}
      </label>
      <Input
        ref={ref}
        id={id}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        {...props}
      />
      {error || !hint ? <FieldError id={`${id}-error`}>{error}</FieldError> : <Hint id={`${id}-hint`}>{hint}</Hint>}
    </div>
  );
});

export function FieldError({ id, children }: { id?: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} className="mt-1 text-[13px] text-danger">
      {children}
    </p>
  );
}

export function Hint({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="mt-1 text-[13px] text-muted">
      {children}
    </p>
  );
}

export function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-surface-2 px-1 py-px font-mono text-[12px]">{children}</code>;
}
