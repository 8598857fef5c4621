// A unified diff of two texts for the preview before a client config is written, on the
// `diff` package (Myers' algorithm, linear in practice: no quadratic table to cap). Line
// endings are compared without their CR, so a file that only changes CRLF to LF says so
// in one line instead of showing every line replaced.
import { structuredPatch } from 'diff';

/** `--- a/…`, `+++ b/…` and @@ hunks with `context` lines around each change; '' when equal. */
export function unifiedDiff(before: string, after: string, opts: { path: string; context?: number }): string {
  if (before === after) return '';
  const shown = opts.path.replace(/^\/+/, '');
  const out = [`--- a/${shown}`, `+++ b/${shown}`];
  const { hunks } = structuredPatch(shown, shown, before, after, '', '', { context: opts.context ?? 3, stripTrailingCr: true });
  if (hunks.length === 0) {
    // Only bytes no line shows changed (line endings).
    out.push('@@ line endings, byte-order mark or final newline changed @@');
    return out.join('\n') + '\n';
  }
  for (const h of hunks) {
    // An empty side starts at line 0, as GNU diff writes it.
    out.push(`@@ -${h.oldLines ? h.oldStart : h.oldStart - 1},${h.oldLines} +${h.newLines ? h.newStart : h.newStart - 1},${h.newLines} @@`);
    out.push(...h.lines);
  }
  return out.join('\n') + '\n';
}
