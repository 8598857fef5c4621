// Dates read relative ("3 min ago", "in 6 days"); the exact time goes in a title.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function span(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  if (abs < HOUR) return `${Math.round(abs / MINUTE)} min`;
  if (abs < DAY) {
    const h = Math.round(abs / HOUR);
    return `${h} ${h === 1 ? 'hour' : 'hours'}`;
  }
  const d = Math.round(abs / DAY);
  if (d < 100) return `${d} ${d === 1 ? 'day' : 'days'}`;
  const months = Math.round(d / 30);
  if (months < 24) return `${months} months`;
  return `${Math.round(d / 365)} years`;
}

/** "3 min ago", "in 6 days", "just now". */
export function relative(iso: string, now: number = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  // Clocks and rounding make "now" land on either side; both read as now.
  if (Math.abs(diff) < MINUTE) return 'just now';
  return diff < 0 ? `${span(diff)} ago` : `in ${span(diff)}`;
}

/** The full local date and time, for titles. */
export function exact(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** "1 hour", "24 hours", "7 days": a duration given in seconds. */
export function duration(seconds: number): string {
  if (seconds === 0) return 'no time';
  return span(seconds * 1000);
}
