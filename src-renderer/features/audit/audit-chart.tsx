// Loaded lazily (React.lazy) by the Audit screen only: recharts is the biggest
// dependency of the renderer and no other screen needs it.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AuditMinute } from '../../../src-preload/contract';
import { decisionColors, decisionLabels } from './decision-badge';

const order = ['allowed', 'denied', 'rate_limited', 'error'] as const;

function hhmm(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export default function AuditChart({ data }: { data: AuditMinute[] }) {
  const totals = order.map((d) => [d, data.reduce((n, m) => n + m[d], 0)] as const);
  const summary = totals.map(([d, n]) => `${n} ${decisionLabels[d].toLowerCase()}`).join(', ');
  return (
    <figure aria-label={`Calls per minute over the last ${data.length} minutes: ${summary}`} className="h-48 w-full" role="img">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }} barCategoryGap={1} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="var(--gh-border)" />
          <XAxis
            dataKey="minute"
            tickFormatter={hhmm}
            minTickGap={40}
            tick={{ fill: 'var(--gh-muted)', fontSize: 11 }}
            stroke="var(--gh-border-strong)"
          />
          <YAxis allowDecimals={false} tick={{ fill: 'var(--gh-muted)', fontSize: 11 }} stroke="var(--gh-border-strong)" />
          <Tooltip
            labelFormatter={(v) => hhmm(String(v))}
            cursor={{ fill: 'var(--gh-surface-2)' }}
            contentStyle={{ background: 'var(--gh-bg)', border: '1px solid var(--gh-border)', borderRadius: 6, fontSize: 12 }}
            labelStyle={{ color: 'var(--gh-fg)' }}
          />
          <Legend iconSize={8} wrapperStyle={{ fontSize: 12, color: 'var(--gh-muted)' }} />
          {order.map((d) => (
            <Bar key={d} dataKey={d} name={decisionLabels[d]} stackId="calls" fill={decisionColors[d]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
