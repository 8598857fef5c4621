// One audit event in full: who, what, where, why, and for admin events what changed
// (before and after; secrets arrive masked). Codes stand next to their words.
import type { ReactNode } from 'react';
import type { AuditEntry } from '../../../src-preload/contract';
import { Dialog, DialogBody } from '../../components/ui/dialog';
import { exact } from '../../lib/dates';
import { actionLabel, actorLabel, isCall, outcomeLabel, reasonLabel, whoOf } from './audit-labels';
import { DecisionBadge } from './decision-badge';

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'string' ? v : JSON.stringify(v, null, 1).replace(/\n\s*/g, ' ');
}

function Code({ children }: { children: ReactNode }) {
  return <code className="ml-1.5 rounded bg-surface-2 px-1 font-mono text-[11px] text-muted">{children}</code>;
}

function Changes({ changes }: { changes: Record<string, { before: unknown; after: unknown }> }) {
  const fields = Object.keys(changes);
  if (fields.length === 0) return <p className="text-[13px] text-muted">Nothing changed.</p>;
  return (
    <table className="w-full table-fixed text-[13px]" aria-label="What changed">
      <thead>
        <tr className="border-b border-border text-left text-xs text-muted">
          <th scope="col" className="w-32 py-1 font-medium">Field</th>
          <th scope="col" className="py-1 font-medium">Before</th>
          <th scope="col" className="py-1 font-medium">After</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f} className="border-b border-border align-top last:border-b-0">
            <th scope="row" className="py-1 pr-2 text-left font-medium">{f}</th>
            <td className="py-1 pr-2 font-mono text-[12px] break-words text-danger">{show(changes[f]!.before)}</td>
            <td className="py-1 font-mono text-[12px] break-words text-ok-fg">{show(changes[f]!.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

/** Who did it, through what, and to which key or app. */
function WhoFacts({ e }: { e: AuditEntry }) {
  const who = whoOf(e);
  return (
    <>
      <Fact label="Who">
        {who.label}
        {who.kind === 'principal' ? <Code>{e.principalId}</Code> : e.actor ? <Code>{e.actor}</Code> : null}
      </Fact>
      {isCall(e) && e.actor ? <Fact label="Through">{actorLabel(e.actor)}</Fact> : null}
      {!isCall(e) && e.principalId ? (
        <Fact label={e.principalType === 'oauth_client' ? 'OAuth client' : 'Key'}>
          {e.principalName ?? e.principalId}
          <Code>{e.principalId}</Code>
        </Fact>
      ) : null}
    </>
  );
}

function Facts({ e }: { e: AuditEntry }) {
  const path = typeof e.detail?.path === 'string' ? e.detail.path : null;
  return (
    <dl className="grid grid-cols-[7.5rem_1fr] gap-x-3 gap-y-1.5 text-sm">
      <Fact label="When">{exact(e.ts)}</Fact>
      <WhoFacts e={e} />
      {e.server ? <Fact label="Server">{e.server}</Fact> : null}
      {path ? <Fact label="Config file"><span className="font-mono text-[12px]">{path}</span></Fact> : null}
      {e.tool || e.method ? <Fact label="Tool / method"><span className="font-mono text-[13px]">{e.tool ?? e.method}</span>{e.tool && e.method ? <Code>{e.method}</Code> : null}</Fact> : null}
      {e.decision ? <Fact label="Decision"><DecisionBadge decision={e.decision} /></Fact> : null}
      {e.reason ? <Fact label="Reason">{reasonLabel(e.reason)}<Code>{e.reason}</Code></Fact> : null}
      {e.outcome ? <Fact label="Outcome">{outcomeLabel(e.outcome)}<Code>{e.outcome}</Code></Fact> : null}
      {e.latencyMs !== null ? <Fact label="Latency">{e.latencyMs} ms</Fact> : null}
      <Fact label="Event">#{e.id}<Code>{e.action}</Code></Fact>
    </dl>
  );
}

function Extra({ e }: { e: AuditEntry }) {
  const rest = Object.entries(e.detail ?? {}).filter(([k]) => k !== 'changes' && k !== 'path');
  if (rest.length === 0) return null;
  return (
    <dl className="grid grid-cols-[7.5rem_1fr] gap-x-3 gap-y-1 text-[13px]" aria-label="More about the event">
      {rest.map(([k, v]) => (
        <Fact key={k} label={k}>
          <span className="font-mono text-[12px]">{show(v)}</span>
        </Fact>
      ))}
    </dl>
  );
}

export function AuditDetailDialog({ event, onClose }: { event: AuditEntry | null; onClose: () => void }) {
  const e = event;
  return (
    <Dialog open={e !== null} onClose={onClose} title={e ? actionLabel(e.action) : 'Event'} description={e ? exact(e.ts) : undefined} width="max-w-xl">
      {e ? (
        <DialogBody className="space-y-4">
          <Facts e={e} />
          {e.detail?.changes ? (
            <section>
              <h3 className="mb-1 text-[13px] font-semibold">What changed</h3>
              <Changes changes={e.detail.changes} />
            </section>
          ) : null}
          <Extra e={e} />
          {e.arguments !== null && e.arguments !== undefined ? (
            <section>
              <h3 className="mb-1 text-[13px] font-semibold">Arguments</h3>
              <pre className="max-h-48 overflow-auto rounded-md border border-border bg-surface px-2 py-1.5 font-mono text-[12px]" tabIndex={0}>
                {JSON.stringify(e.arguments, null, 2)}
              </pre>
            </section>
          ) : null}
        </DialogBody>
      ) : null}
    </Dialog>
  );
}
