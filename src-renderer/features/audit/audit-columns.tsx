// The Audit table's columns: who, what, where, and why, in words (codes on hover).
import { createColumnHelper } from '@tanstack/react-table';
import { AppWindow, KeyRound, User } from 'lucide-react';
import type { AuditEntry } from '../../../src-preload/contract';
import { RelativeTime } from '../../components/ui/relative-time';
import { DecisionBadge } from './decision-badge';
import { actionLabel, outcomeLabel, reasonLabel, targetOf, whereOf, whoOf } from './audit-labels';

const col = createColumnHelper<AuditEntry>();
const none = <span className="text-muted">—</span>;

function Who({ e }: { e: AuditEntry }) {
  const who = whoOf(e);
  const Icon = who.kind === 'admin' ? User : e.principalType === 'oauth_client' ? AppWindow : KeyRound;
  return (
    <span className={`flex max-w-[10rem] items-center gap-1.5 ${who.kind === 'none' ? 'text-muted' : ''}`} title={e.principalId ?? e.actor ?? undefined}>
      <Icon aria-hidden="true" className="size-3.5 shrink-0 text-muted" />
      <span className="truncate">{who.label}</span>
    </span>
  );
}

function What({ e }: { e: AuditEntry }) {
  if (e.action === 'mcp.request') {
    return (
      <span className={`block max-w-[14rem] truncate font-mono text-[13px] ${e.tool ? '' : 'text-muted'}`} title={e.method ?? undefined}>
        {e.tool ?? e.method}
      </span>
    );
  }
  const target = targetOf(e);
  return (
    <span className="block max-w-[15rem] truncate" title={e.action}>
      {actionLabel(e.action)}
      {target ? <span className="text-muted"> · {target}</span> : null}
    </span>
  );
}

function Reason({ e }: { e: AuditEntry }) {
  if (!e.reason && !e.outcome) return none;
  const text = e.reason ? reasonLabel(e.reason) : outcomeLabel(e.outcome!);
  const code = [e.reason, e.outcome].filter(Boolean).join(' · ');
  return (
    <span className="block max-w-[11rem] truncate text-muted" title={`code: ${code}`}>
      {text}
    </span>
  );
}

export function auditColumns(now: number) {
  return [
    // Ids grow with time, so they sort time exactly (two events can share a millisecond).
    col.accessor('id', { id: 'ts', header: 'Time', cell: (c) => <RelativeTime iso={c.row.original.ts} now={now} /> }),
    col.accessor((e) => whoOf(e).label, { id: 'who', header: 'Who', cell: (c) => <Who e={c.row.original} /> }),
    col.accessor((e) => e.tool ?? e.method ?? actionLabel(e.action), { id: 'what', header: 'What', cell: (c) => <What e={c.row.original} /> }),
    col.accessor((e) => whereOf(e)?.text ?? '', {
      id: 'where',
      header: 'Where',
      cell: (c) => {
        const w = whereOf(c.row.original);
        return w ? (
          <span className="block max-w-[9rem] truncate font-mono text-[13px]" title={w.full}>
            {w.text}
          </span>
        ) : (
          none
        );
      },
    }),
    col.accessor((e) => e.decision ?? '', { id: 'decision', header: 'Decision', cell: (c) => <DecisionBadge decision={c.row.original.decision} /> }),
    col.accessor((e) => e.latencyMs ?? -1, {
      id: 'latency',
      header: 'Latency',
      cell: (c) => {
        const ms = c.row.original.latencyMs;
        return ms === null ? none : <span className="tabular-nums">{ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms</span>;
      },
    }),
    col.accessor((e) => e.reason ?? e.outcome ?? '', { id: 'reason', header: 'Reason', cell: (c) => <Reason e={c.row.original} /> }),
  ];
}
