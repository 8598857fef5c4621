// 24 hourly bars, stacked by decision, in plain SVG: Overview stays free of recharts.
import { decisionColors, decisionLabels } from '../audit/decision-badge';
import type { HourBin } from './activity';

const order = ['allowed', 'denied', 'rate_limited', 'error'] as const;
const W = 24 * 20;
const H = 96;

function hour(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function ActivityChart({ bins, summary }: { bins: HourBin[]; summary: string }) {
  const max = Math.max(1, ...bins.map((b) => b.allowed + b.denied + b.rate_limited + b.error));
  return (
    <figure className="m-0">
      <svg
        role="img"
        aria-label={`Calls per hour over the last 24 hours: ${summary}`}
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        className="h-24 w-full"
      >
        <line x1="0" x2={W} y1={H - 0.5} y2={H - 0.5} stroke="var(--gh-border-strong)" strokeWidth="1" />
        {bins.map((b, i) => {
          let y = H - 1;
          return (
            <g key={b.start}>
              <title>
                {`${hour(b.start)}: ${order.map((d) => `${b[d]} ${decisionLabels[d].toLowerCase()}`).join(', ')}`}
              </title>
              <rect x={i * 20} y={0} width={20} height={H} fill="transparent" />
              {order.map((d) => {
                const h = (b[d] / max) * (H - 6);
                if (h <= 0) return null;
                y -= h;
                return <rect key={d} x={i * 20 + 3} y={y} width={14} height={h} rx={1.5} fill={decisionColors[d]} />;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex justify-between text-[11px] text-muted">
        <span>{hour(bins[0]!.start)}</span>
        <span>{hour(bins[12]!.start)}</span>
        <span>now</span>
      </figcaption>
    </figure>
  );
}
