import { Fragment } from 'react';
import type { ServerDetail } from '../../../src-preload/contract';
import { columnCount, columnGroups, countsOf, shortName } from './matrix-columns';
import { targetLabel, type Target } from './rule-logic';

const stickyCol = 'sticky left-0 z-20 bg-bg';
const KIND_WORD = { tool: 'call', resource: 'read', prompt: 'get' } as const;

/** Three header rows: servers, then kinds (tools, resources, prompts), then names (each opens "who can use it?"). */
export function MatrixHeader({ servers, onWho }: { servers: ServerDetail[]; onWho: (t: Target) => void }) {
  return (
    <thead>
      <tr>
        <th scope="col" rowSpan={3} className={`${stickyCol} min-w-52 border-r border-b border-border px-3 text-left align-bottom text-xs font-medium text-muted`}>
          <span className="block pb-2">API key or OAuth app</span>
        </th>
        {servers.map((s) => (
          <th key={s.name} scope="colgroup" colSpan={columnCount(s) + 1} className="border-r border-b border-border bg-surface px-3 py-1.5 text-left text-[13px] font-semibold last:border-r-0">
            {s.name} <span className="font-normal text-muted">· {countsOf(s)}</span>
          </th>
        ))}
      </tr>
      <tr>
        {servers.map((s) => {
          const groups = columnGroups(s);
          return (
            <Fragment key={s.name}>
              <th scope="col" rowSpan={2} className="border-b border-border px-2 pb-2 align-bottom text-xs font-medium text-muted">
                <span className="sr-only">Presets for </span>
                {s.name}
              </th>
              {groups.length === 0 ? (
                <th scope="col" rowSpan={2} className="border-r border-b border-border px-3 pb-2 align-bottom text-xs font-normal text-muted">
                  Nothing discovered
                </th>
              ) : (
                groups.map((g, i) => (
                  <th
                    key={g.kind}
                    scope="colgroup"
                    colSpan={g.targets.length}
                    className={`border-b border-l border-border px-1.5 py-1 text-left text-xs font-medium text-muted ${i === groups.length - 1 ? 'border-r' : ''}`}
                  >
                    {g.label}
                  </th>
                ))
              )}
            </Fragment>
          );
        })}
      </tr>
      <tr>
        {servers.flatMap((s) =>
          columnGroups(s).flatMap((g, gi, groups) =>
            g.targets.map((t, i) => (
              <th
                key={`${s.name}\u0000${t.kind}\u0000${t.name}`}
                scope="col"
                className={`h-52 border-b border-border px-0.5 pb-2 align-bottom ${i === 0 ? 'border-l' : ''} ${gi === groups.length - 1 && i === g.targets.length - 1 ? 'border-r' : ''}`}
              >
                <button
                  type="button"
                  onClick={() => onWho(t)}
                  title={`Who can ${KIND_WORD[t.kind]} ${targetLabel(t)}?`}
                  aria-label={`Who can ${KIND_WORD[t.kind]} ${targetLabel(t)}?`}
                  className="mx-auto block max-h-48 cursor-pointer truncate rounded px-1 py-0.5 font-mono text-[12px] font-normal text-fg [writing-mode:vertical-rl] rotate-180 hover:bg-surface-2"
                >
                  {shortName(t)}
                  {t.template ? <span className="text-muted"> (template)</span> : null}
                </button>
              </th>
            )),
          ),
        )}
      </tr>
    </thead>
  );
}

export function whoVerb(t: Target): string {
  return KIND_WORD[t.kind];
}
