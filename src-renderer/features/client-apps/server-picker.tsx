import type { Dispatch, ReactNode, SetStateAction } from 'react';
import { Checkbox } from '../../components/ui/field';

export interface PickableServer {
  name: string;
  /** What the entry launches, shown on the right. */
  target: string;
  disabled: boolean;
  /** Status next to the name. */
  badge?: ReactNode;
  /** Why it is disabled, under the row. */
  note?: ReactNode;
}

/** Servers of a client config, each with a tick box: which ones a change acts on. */
export function ServerPicker({
  servers,
  picked,
  setPicked,
}: {
  servers: PickableServer[];
  picked: string[];
  setPicked: Dispatch<SetStateAction<string[]>>;
}) {
  return (
    // min-w-0: a long command truncates (full text on hover) instead of widening the dialog.
    <ul className="min-w-0 divide-y divide-border rounded-md border border-border">
      {servers.map((s) => (
        <li key={s.name} className="min-w-0 px-3 py-2">
          <label className="flex min-w-0 items-center gap-2.5 text-sm">
            <Checkbox
              checked={picked.includes(s.name)}
              disabled={s.disabled}
              onChange={(e) => setPicked((p) => (e.target.checked ? [...p, s.name] : p.filter((n) => n !== s.name)))}
            />
            <span className="shrink-0 font-medium">{s.name}</span>
            {s.badge}
            <span className="min-w-0 flex-1 truncate text-right font-mono text-[12px] text-muted" title={s.target}>
              {s.target}
            </span>
          </label>
          {s.note ? <p className="mt-1 pl-6 text-[13px] text-muted">{s.note}</p> : null}
        </li>
      ))}
    </ul>
  );
}
