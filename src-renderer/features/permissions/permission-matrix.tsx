import { Fragment } from 'react';
import { ChevronDown, Regex } from 'lucide-react';
import type { Rule, ServerDetail } from '../../../src-preload/contract';
import type { MatrixRow } from './use-permissions';
import { Button } from '../../components/ui/button';
import { Menu, MenuItem, MenuLabel } from '../../components/ui/menu';
import { isReadOnly } from '../servers/tool-annotations';
import { PermissionCell } from './permission-cell';
import { applyPreset, decide, isPatternRule, presets, setExact, type Preset } from './rule-logic';

export interface MatrixActions {
  rulesOf: (k: MatrixRow) => Rule[];
  isPending: (k: MatrixRow) => boolean;
  edit: (k: MatrixRow, next: (rules: Rule[]) => Rule[]) => void;
  onPatterns: (k: MatrixRow) => void;
  onWho: (server: string, tool: string) => void;
}

const stickyCol = 'sticky left-0 z-10 bg-bg';

/** Keys and OAuth apps as rows, server → tools as columns; scrolls sideways with the first column pinned. */
export function PermissionMatrix({ keys, servers, actions }: { keys: MatrixRow[]; servers: ServerDetail[]; actions: MatrixActions }) {
  return (
    // relative: the screen-reader-only text in far cells is clipped by this scroll box, not by the page (which would scroll sideways).
    <div className="relative w-max max-w-full overflow-x-auto rounded-lg border border-border">
      <table className="border-separate border-spacing-0 text-sm">
        <caption className="sr-only">Which key or OAuth app may call which tool</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2} className={`${stickyCol} z-20 min-w-52 border-r border-b border-border px-3 text-left align-bottom text-xs font-medium text-muted`}>
              <span className="block pb-2">API key or OAuth app</span>
            </th>
            {servers.map((s) => (
              <th
                key={s.name}
                scope="colgroup"
                colSpan={Math.max(s.tools.length, 1) + 1}
                className="border-r border-b border-border bg-surface px-3 py-1.5 text-left text-[13px] font-semibold last:border-r-0"
              >
                {s.name} <span className="font-normal text-muted">· {s.tools.length} tools</span>
              </th>
            ))}
          </tr>
          <tr>
            {servers.map((s) => (
              <Fragment key={s.name}>
                <th scope="col" className="border-b border-border px-2 pb-2 align-bottom text-xs font-medium text-muted">
                  <span className="sr-only">Presets for </span>
                  {s.name}
                </th>
                {s.tools.length === 0 ? (
                  <th scope="col" className="border-r border-b border-border px-3 pb-2 align-bottom text-xs font-normal text-muted">
                    No tools discovered
                  </th>
                ) : (
                  s.tools.map((t, i) => (
                    <th
                      key={t.name}
                      scope="col"
                      className={`h-52 border-b border-border px-0.5 pb-2 align-bottom ${i === s.tools.length - 1 ? 'border-r' : ''}`}
                    >
                      <button
                        type="button"
                        onClick={() => actions.onWho(s.name, t.name)}
                        title={`Who can call ${s.name}:${t.name}?`}
                        aria-label={`Who can call ${s.name}:${t.name}?`}
                        className="mx-auto block max-h-48 cursor-pointer truncate rounded px-1 py-0.5 font-mono text-[12px] font-normal text-fg [writing-mode:vertical-rl] rotate-180 hover:bg-surface-2"
                      >
                        {t.name}
                      </button>
                    </th>
                  ))
                )}
              </Fragment>
            ))}
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const rules = actions.rulesOf(k);
            const patterns = rules.filter(isPatternRule);
            return (
              <tr key={k.id} className="group">
                <th scope="row" className={`${stickyCol} border-r border-b border-border px-3 py-1.5 text-left font-normal group-last:border-b-0 group-hover:bg-surface`}>
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
                {servers.map((s) => {
                  const readOnly = s.tools.filter(isReadOnly).map((t) => t.name);
                  return (
                    <Fragment key={s.name}>
                      <td className="border-b border-border px-1.5 text-center group-last:border-b-0 group-hover:bg-surface">
                        <Menu
                          label={`Presets for ${k.name} on ${s.name}`}
                          trigger={
                            <Button size="sm" variant="ghost" className="h-6 px-1.5 text-xs text-muted" aria-label={`Preset for ${k.name} on ${s.name}`}>
                              Preset
                              <ChevronDown aria-hidden="true" className="size-3" />
                            </Button>
                          }
                        >
                          <MenuLabel>
                            {k.name} on <span className="font-mono">{s.name}</span>
                          </MenuLabel>
                          {presets.map((p) => (
                            <MenuItem
                              key={p.id}
                              disabled={p.id === 'read-only' && s.tools.length === 0}
                              onSelect={() => actions.edit(k, (r) => applyPreset(r, s.name, p.id as Preset, readOnly))}
                            >
                              <span className="flex flex-col">
                                <span>{p.label}</span>
                                <span className="text-xs text-muted">
                                  {p.id === 'read-only' ? `${p.explain} (${readOnly.length} here)` : p.explain}
                                </span>
                              </span>
                            </MenuItem>
                          ))}
                        </Menu>
                      </td>
                      {s.tools.length === 0 ? (
                        <td className="border-r border-b border-border px-3 text-[13px] text-muted group-last:border-b-0 group-hover:bg-surface">
                          —
                        </td>
                      ) : (
                        s.tools.map((t, i) => {
                          const now = decide(rules, s.name, t.name);
                          const before = decide(k.rules, s.name, t.name);
                          return (
                          <td
                            key={t.name}
                            className={`border-b border-border px-0.5 py-1 group-last:border-b-0 group-hover:bg-surface ${i === s.tools.length - 1 ? 'border-r' : ''}`}
                          >
                            <div className="flex justify-center">
                              <PermissionCell
                                cell={now}
                                keyName={k.name}
                                target={`${s.name}:${t.name}`}
                                pending={now.allowed !== before.allowed || now.exact !== before.exact || now.rule !== before.rule}
                                onChange={(effect) => actions.edit(k, (r) => setExact(r, s.name, t.name, effect))}
                              />
                            </div>
                          </td>
                          );
                        })
                      )}
                    </Fragment>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
