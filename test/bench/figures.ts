// The figure shape DESIGN.md gives for `npm run bench`.
export interface Figure {
  value: number;
  unit: string;
  target: number;
  better: 'higher' | 'lower';
}
export type Bench = () => Promise<Record<string, Figure>>;

export function figure(value: number, unit: string, target: number, better: Figure['better']): Figure {
  return { value: Math.round(value * 100) / 100, unit, target, better };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
