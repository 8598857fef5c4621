// Finding one thing by what a person types: its id, or its name. Names are not unique
// (two keys may both be called "laptop"), so a name that matches several things is an
// error listing them, and a name that matches nothing is an error that says where to
// look, never an empty result.
import { editDistance } from '../../src-shared/model/names';
import { GatehouseError } from './errors';

export interface Named {
  id: string;
  /** Every name it answers to (a server: its registry name and the client apps' names for it). */
  names: string[];
  /** How to show it in a list of candidates, e.g. `laptop (key_ab12…, active)`. */
  label: string;
}

export interface PickOptions {
  /** "API key", "server", "OAuth client". */
  what: string;
  /** The command that lists them all, for the hint. */
  listCommand: string;
}

const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase('en-US');

function only<T extends Named>(matches: T[], given: string, opts: PickOptions): T | null {
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) return null;
  throw new GatehouseError(
    'AMBIGUOUS_NAME',
    `"${given}" names ${matches.length} ${opts.what}s: ${matches.map((m) => m.label).join('; ')}. Give the id instead.`,
  );
}

/** The one item whose id or name is `given`: exact first, then ignoring case. */
export function pickOne<T extends Named>(items: readonly T[], given: string, opts: PickOptions): T {
  const byId = items.find((i) => i.id === given);
  if (byId) return byId;
  const exact = only(
    items.filter((i) => i.names.includes(given)),
    given,
    opts,
  );
  if (exact) return exact;
  const folded = fold(given.trim());
  const loose = only(
    items.filter((i) => i.names.some((n) => fold(n) === folded)),
    given,
    opts,
  );
  if (loose) return loose;
  const hint = suggestion(items, folded, opts.what);
  throw new GatehouseError('NOT_FOUND', `no ${opts.what} has the id or name "${given}"${hint}${hint.endsWith('?') ? '' : '.'} List them with: ${opts.listCommand}`);
}

/** "; did you mean …?" for names close to what was typed (a typo, a part of it), else a few of the names there are. */
function suggestion(items: readonly Named[], folded: string, what: string): string {
  const close = (n: string) => {
    const f = fold(n);
    return f.includes(folded) || (folded.length > 2 && folded.includes(f)) || editDistance(f, folded) <= Math.max(1, Math.floor(folded.length / 5));
  };
  const near = items.filter((i) => i.names.some(close));
  if (near.length) return `; did you mean ${near.slice(0, 3).map((i) => `"${i.names.find(close)}"`).join(' or ')}?`;
  if (!items.length) return ` (there are no ${what}s yet)`;
  const shown = items.slice(0, 5).map((i) => `"${i.names[0]}"`).join(', ');
  return `; the ${what}s are ${shown}${items.length > 5 ? ` and ${items.length - 5} more` : ''}`;
}
