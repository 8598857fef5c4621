import { Fragment } from 'react';
import { ChevronDown, Regex } from 'lucide-react';
import type { Rule, ServerDetail } from '../../../src-preload/contract';
import { Button } from '../../components/ui/button';
import { Menu, MenuItem, MenuLabel } from '../../components/ui/menu';
import { isReadOnly } from '../servers/tool-annotations';
import { columnGroups } from './matrix-columns';
import { MatrixHeader } from './matrix-header';
import { PermissionCell } from './permission-cell';
import { applyPreset, decide, isPatternRule, presets, setExact, targetLabel, type Preset, type Target } from './rule-logic';
import type { MatrixRow } from './use-permissions';

export interface MatrixActions {
  rulesOf: (k: MatrixRow) => Rule[];
  isPending: (k: MatrixRow) => boolean;
  edit: (k: MatrixRow, next: (rules: Rule[]) => Rule[]) => void;
  onPatterns: (k: MatrixRow) => void;
  onWho: (t: Target) => void;
}

const stickyCol = 'sticky left-0 z-10 bg-bg';
const cellBase = 'border-b border-border group-last:border-b-0 group-hover:bg-surface';

/** Keys and OAuth apps as rows; per server its tools, resources and prompts as columns; scrolls sideways with the first column pinned. */
export function PermissionMatrix({ keys, servers, actions }: { keys: MatrixRow[]; servers: ServerDetail[]; actions: MatrixActions }) {
  return (
    // relative: the screen-reader-only text in far cells is clipped by this scroll box, not by the page (which would scroll sideways).
    <div className="relative w-max max-w-full overflow-x-auto rounded-lg border border-border">
      <table className="border-separate border-spacing-0 text-sm">
        <caption className="sr-only">Which key or OAuth app may use which tool, resource and prompt</caption>
        <MatrixHeader servers={servers} onWho={actions.onWho} />
        <tbody>
          {keys.map((k) => (
            <KeyRow key={k.id} k={k} servers={servers} actions={actions} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KeyRow({ k, servers, actions }: { k: MatrixRow; servers: ServerDetail[]; actions: MatrixActions }) {
  const rules = actions.rulesOf(k);
  const patterns = rules.filter(isPatternRule);
  return (
    <tr className="group">
      <th scope="row" className={`${stickyCol} border-r ${cellBase} px-3 py-1.5 text-left font-normal`}>
        <div className="flex items-center justify-between gap-2">
          <span className="truncate font-medium" title={k.name}>
            {k.name}
            {k.kind === 'oauth' ? <span className="ml-1.5 rounded border border-border px-1 text-[11px] font-normal text-muted">OAuth app</span> : null}
            {actions.isPending(k) ? <span className="ml-1.5 text-xs font-normal text-warn-fg">· unsaved</span> : null}
          </span>
          <Button
            size="sm"
            variant="ghost"
            className="h-6 px-1.5 text-xs text-muted"
            aria-label={`${patterns.length} ${patterns.length === 1 ? 'pattern' : 'patterns'}: pattern rules of ${k.name}`}
            onClick={() => actions.onPatterns(k)}
          >
            <Regex aria-hidden="true" className="size-3.5" />
            {patterns.length} {patterns.length === 1 ? 'pattern' : 'patterns'}
          </Button>
        </div>
      </th>
      {servers.map((s) => (
        <Fragment key={s.name}>
          <td className={`${cellBase} px-1.5 text-center`}>
            <PresetMenu k={k} server={s} actions={actions} />
          </td>
          <ServerCells k={k} rules={rules} server={s} actions={actions} />
        </Fragment>
      ))}
    </tr>
  );
}

function PresetMenu({ k, server, actions }: { k: MatrixRow; server: ServerDetail; actions: MatrixActions }) {
  const readOnly = server.tools.filter(isReadOnly).map((t) => t.name);
  return (
    <Menu
      label={`Presets for ${k.name} on ${server.name}`}
      trigger={
        <Button size="sm" variant="ghost" className="h-6 px-1.5 text-xs text-muted" aria-label={`Preset for ${k.name} on ${server.name}`}>
          Preset
          <ChevronDown aria-hidden="true" className="size-3" />
        </Button>
      }
    >
      <MenuLabel>
        {k.name} on <span className="font-mono">{server.name}</span>
      </MenuLabel>
      {presets.map((p) => (
        <MenuItem key={p.id} onSelect={() => actions.edit(k, (r) => applyPreset(r, server.name, p.id as Preset, readOnly))}>
          <span className="flex flex-col">
            <span>{p.label}</span>
            <span className="text-xs text-muted">{p.id === 'read-only' ? `${p.explain} (${readOnly.length} read-only tools here)` : p.explain}</span>
          </span>
        </MenuItem>
      ))}
    </Menu>
  );
}

function ServerCells({ k, rules, server, actions }: { k: MatrixRow; rules: Rule[]; server: ServerDetail; actions: MatrixActions }) {
  const groups = columnGroups(server);
  if (groups.length === 0) return <td className={`border-r ${cellBase} px-3 text-[13px] text-muted`}>—</td>;
  return groups.flatMap((g, gi) =>
    g.targets.map((t, i) => {
      const now = decide(rules, t);
      const before = decide(k.rules, t);
      const last = gi === groups.length - 1 && i === g.targets.length - 1;
      return (
        <td key={`${t.kind}\u0000${t.name}`} className={`${cellBase} px-0.5 py-1 ${i === 0 ? 'border-l' : ''} ${last ? 'border-r' : ''}`}>
          <div className="flex justify-center">
            <PermissionCell
              cell={now}
              keyName={k.name}
              target={targetLabel(t)}
              pending={now.allowed !== before.allowed || now.exact !== before.exact || now.rule !== before.rule}
              onChange={(effect) => actions.edit(k, (r) => setExact(r, t, effect))}
            />
          </div>
        </td>
      );
    }),
  );
}
