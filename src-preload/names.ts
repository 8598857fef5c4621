// Identifier schemas shared by the parts of the admin API contract (kept apart from
// contract.ts so those parts can import them without a cycle).
import { z } from 'zod';

export const keyIdSchema = z.string().regex(/^key_[A-Za-z0-9]{8,32}$/, 'not a key id (key_…)');

export const serverNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a server name is letters, digits, _ . - (up to 64), starting with a letter or digit');
