import { useEffect, useState } from 'react';
import { X } from 'lucide-react';
import type { ServerSummary } from '../../../src-preload/contract';
import { Button } from '../../components/ui/button';
import { PrincipalPicker } from '../../components/pickers/principal-picker';
import { Input, Select } from '../../components/ui/field';
import { decisions, sinceChoices, type AuditSearch } from './audit-search';
import { decisionLabels } from './decision-badge';

const label = 'flex flex-col gap-1 text-xs font-medium text-muted';

/** One filter: "any" first, then the choices; a value in the URL that is no longer among them still shows as itself. */
function FilterSelect({
  label: text,
  value,
  onChange,
  any,
  choices,
  className = 'w-40',
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  any: string;
  choices: ReadonlyArray<{ value: string; label: string }>;
  className?: string;
}) {
  return (
    <label className={label}>
      {text}
      <Select className={`${className} font-normal`} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">{any}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
        {value && !choices.some((c) => c.value === value) ? <option value={value}>{value}</option> : null}
      </Select>
    </label>
  );
}

/** The filters, written straight to the URL; the tool box waits until typing stops. */
export function AuditFilters({
  search,
  onChange,
  servers,
}: {
  search: AuditSearch;
  onChange: (next: AuditSearch) => void;
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

  return (
    <div role="search" aria-label="Filter events" className="flex flex-wrap items-end gap-3">
      {/* Any API key or OAuth app, found by name on the server: no list of every key. */}
      <PrincipalPicker label="Principal" value={search.principal} onChange={(v) => set('principal', v ?? '')} />
      <FilterSelect
        label="Server"
        value={search.server}
        onChange={(v) => set('server', v)}
        any="Any server"
        choices={servers.map((s) => ({ value: s.name, label: s.name }))}
      />
      <label className={label}>
        Tool
        <Input mono className="w-44 font-normal" placeholder="exact name" value={tool} onChange={(e) => setTool(e.target.value)} spellCheck={false} />
      </label>
      <FilterSelect
        label="Decision"
        value={search.decision}
        onChange={(v) => set('decision', v)}
        any="Any decision"
        choices={decisions.map((d) => ({ value: d, label: decisionLabels[d] }))}
      />
      <FilterSelect label="Since" value={search.since} onChange={(v) => set('since', v)} any="All time" choices={sinceChoices} />
      {active ? (
        <Button variant="ghost" onClick={() => onChange({})}>
          <X aria-hidden="true" className="size-4" />
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
