// Identifier schemas shared by the parts of the admin API contract (kept apart from
// contract.ts so those parts can import them without a cycle).
import { z } from 'zod';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from './server-name';

export const keyIdSchema = z.string().regex(/^key_[A-Za-z0-9]{8,32}$/, 'not a key id (key_…)');

export const serverNameSchema = z.string().regex(SERVER_NAME_PATTERN, SERVER_NAME_RULE);
