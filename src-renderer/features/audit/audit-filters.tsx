import { useEffect, useState } from 'react';
import { X } from 'lucide-react';
import type { KeySummary, ServerSummary } from '../../../src-preload/contract';
import { Button } from '../../components/ui/button';
import { Input, Select } from '../../components/ui/field';
import { decisions, sinceChoices, type AuditSearch } from './audit-search';
import { decisionLabels } from './decision-badge';

const label = 'flex flex-col gap-1 text-xs font-medium text-muted';

/** The filters, written straight to the URL; the tool box waits until typing stops. */
export function AuditFilters({
  search,
  onChange,
  keys,
  servers,
}: {
  search: AuditSearch;
  onChange: (next: AuditSearch) => void;
  keys: KeySummary[];
  servers: ServerSummary[];
}) {
  const [tool, setTool] = useState(search.tool ?? '');
  useEffect(() => setTool(search.tool ?? ''), [search.tool]);
  useEffect(() => {
    const t = setTimeout(() => {
      if ((search.tool ?? '') !== tool.trim()) onChange({ ...search, tool: tool.trim() || undefined });
    }, 400);
    return () => clearTimeout(t);
  }, [tool, search, onChange]);

  const set = <K extends keyof AuditSearch>(k: K, v: string) => onChange({ ...search, [k]: v || undefined });
  const active = Object.values(search).some(Boolean);
  // A principal in the URL that is no longer in the key list still shows as itself.
  const knownPrincipal = !search.principal || keys.some((k) => k.id === search.principal);

  return (
    <div role="search" aria-label="Filter events" className="flex flex-wrap items-end gap-3">
      <label className={label}>
        Principal
        <Select className="w-48 font-normal" value={search.principal ?? ''} onChange={(e) => set('principal', e.target.value)}>
          <option value="">Anyone</option>
          {keys.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name}
            </option>
          ))}
          {knownPrincipal ? null : <option value={search.principal}>{search.principal}</option>}
        </Select>
      </label>
      <label className={label}>
        Server
        <Select className="w-40 font-normal" value={search.server ?? ''} onChange={(e) => set('server', e.target.value)}>
          <option value="">Any server</option>
          {servers.map((s) => (
            <option key={s.id} value={s.name}>
              {s.name}
            </option>
          ))}
          {search.server && !servers.some((s) => s.name === search.server) ? <option value={search.server}>{search.server}</option> : null}
        </Select>
      </label>
      <label className={label}>
        Tool
        <Input mono className="w-44 font-normal" placeholder="exact name" value={tool} onChange={(e) => setTool(e.target.value)} spellCheck={false} />
      </label>
      <label className={label}>
        Decision
        <Select className="w-40 font-normal" value={search.decision ?? ''} onChange={(e) => set('decision', e.target.value)}>
          <option value="">Any decision</option>
          {decisions.map((d) => (
            <option key={d} value={d}>
              {decisionLabels[d]}
            </option>
          ))}
        </Select>
      </label>
      <label className={label}>
        Since
        <Select className="w-40 font-normal" value={search.since ?? ''} onChange={(e) => set('since', e.target.value)}>
          <option value="">All time</option>
          {sinceChoices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </Select>
      </label>
      {active ? (
        <Button variant="ghost" onClick={() => onChange({})}>
          <X aria-hidden="true" className="size-4" />
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
