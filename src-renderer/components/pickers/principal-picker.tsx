// A combobox over every API key and OAuth app, searched on the server by name prefix
// (principals.search): a picker that stays small with 100,000 keys. The ARIA 1.2
// combobox pattern: the focus stays in the input, arrows move the active option.
import { useDeferredValue, useId, useState, type KeyboardEvent } from 'react';
import { X } from 'lucide-react';
import type { PrincipalMatch } from '../../../src-preload/contract-lists';
import { cn } from '../../lib/cn';
import { Badge } from '../ui/badge';
import { Input } from '../ui/field';
import { usePrincipalName, usePrincipalSearch } from './use-principals';

export interface PrincipalPickerProps {
  label: string;
  /** The chosen principal's id; undefined: anyone. */
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  /** What "nobody chosen" reads as. */
  anyLabel?: string;
  className?: string;
}

const kindLabel = (p: Pick<PrincipalMatch, 'type'>) => (p.type === 'api_key' ? 'API key' : 'OAuth app');

function Option({ p, id, active, onPick }: { p: PrincipalMatch; id: string; active: boolean; onPick: () => void }) {
  return (
    <li
      id={id}
      role="option"
      aria-selected={active}
      // mousedown, not click: the input keeps the focus.
      onMouseDown={(e) => {
        e.preventDefault();
        onPick();
      }}
      className={cn('flex cursor-pointer items-center gap-2 px-2.5 py-1.5 text-sm font-normal text-fg', active && 'bg-surface-2')}
    >
      <span className="min-w-0 flex-1 truncate">{p.name}</span>
      <Badge tone="neutral">{kindLabel(p)}</Badge>
    </li>
  );
}

export function PrincipalPicker({ label, value, onChange, anyLabel = 'Anyone', className = 'w-56' }: PrincipalPickerProps) {
  const inputId = useId();
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const search = useDeferredValue(text);
  const matches = usePrincipalSearch(search, { enabled: open });
  const chosen = usePrincipalName(value);
  const options = matches.data ?? [];
  const current = Math.min(active, Math.max(0, options.length - 1));
  const shown = open ? text : value ? (chosen?.name ?? value) : '';

  const pick = (p: PrincipalMatch | undefined) => {
    onChange(p?.id);
    setOpen(false);
    setText('');
  };

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return setOpen(true);
      if (options.length) setActive((current + (e.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length);
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      pick(options[current]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
      setText('');
    }
  }

  return (
    <div className="flex flex-col gap-1 text-xs font-medium text-muted">
      <label htmlFor={inputId}>{label}</label>
      <div className={cn('relative', className)}>
        <Input
          id={inputId}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && options.length ? `${listId}-${current}` : undefined}
          autoComplete="off"
          spellCheck={false}
          className="w-full pr-7 font-normal"
          placeholder={value ? undefined : `${anyLabel} (type a name)`}
          value={shown}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            setText('');
          }}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
        />
        {value && !open ? (
          <button
            type="button"
            aria-label={`Clear ${label.toLowerCase()}: ${anyLabel.toLowerCase()}`}
            title="Clear"
            onClick={() => pick(undefined)}
            className="absolute top-1.5 right-1.5 cursor-pointer rounded p-0.5 text-muted hover:text-fg"
          >
            <X aria-hidden="true" className="size-3.5" />
          </button>
        ) : null}
        <ul
          id={listId}
          role="listbox"
          aria-label={`${label}: matching keys and apps`}
          hidden={!open}
          className="absolute top-9 left-0 z-20 max-h-72 w-80 overflow-y-auto rounded-md border border-border bg-bg py-1 shadow-lg"
        >
          {options.map((p, i) => (
            <Option key={`${p.type}:${p.id}`} p={p} id={`${listId}-${i}`} active={i === current} onPick={() => pick(p)} />
          ))}
          {open && matches.isSuccess && options.length === 0 ? (
            <li role="presentation" className="px-2.5 py-1.5 text-sm font-normal text-muted">
              No key or app name starts with “{search.trim()}”.
            </li>
          ) : null}
        </ul>
      </div>
    </div>
  );
}
