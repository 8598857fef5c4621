/** Every loaded page's items once each, in order (a refetch during a page load could overlap two pages). */
export function uniqueItems<P, T>(pages: readonly P[] | undefined, itemsOf: (page: P) => readonly T[], idOf: (item: T) => string | number): T[] {
  const seen = new Set<string | number>();
  const out: T[] = [];
  for (const item of (pages ?? []).flatMap(itemsOf)) {
    if (seen.has(idOf(item))) continue;
    seen.add(idOf(item));
    out.push(item);
  }
  return out;
}
