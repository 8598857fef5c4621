// The shape every growing list of the admin API shares: a page of rows and a cursor
// (opaque) for the next one. A caller never gets the whole table.
import { z } from 'zod';

export const cursorSchema = z.string().min(1).max(4096);

export function pageLimitSchema(max: number, fallback: number) {
  return z.number().int().min(1).max(max).default(fallback);
}

/** A case-insensitive name prefix (what a picker has typed so far). */
export const prefixSchema = z.string().trim().min(1).max(100);
