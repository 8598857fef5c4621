import { Search } from 'lucide-react';
import { Input } from './field';

/** A find-by-name box: its label (for screen readers only unless `labelClassName` says otherwise), no autocomplete or spell check. */
export function SearchField({
  id,
  label,
  labelClassName = 'sr-only',
  className,
  placeholder,
  value,
  onChange,
  icon = false,
}: {
  id: string;
  label: string;
  labelClassName?: string;
  className?: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  /** A magnifier inside the box. */
  icon?: boolean;
}) {
  const input = (
    <Input
      id={id}
      type="search"
      className={icon ? `${className ?? ''} pl-8` : className}
      placeholder={placeholder}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      autoComplete="off"
      spellCheck={false}
    />
  );
  return (
    <>
      <label htmlFor={id} className={labelClassName}>
        {label}
      </label>
      {icon ? (
        <span className="relative">
          <Search aria-hidden="true" className="pointer-events-none absolute top-2 left-2 size-4 text-muted" />
          {input}
        </span>
      ) : (
        input
      )}
    </>
  );
}
