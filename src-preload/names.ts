// Identifier schemas shared by the parts of the admin API contract (kept apart from
// contract.ts so those parts can import them without a cycle). The grammar itself is the
// domain model's (src-shared/model/names).
import { z } from 'zod';
import { KEY_ID_RE, SERVER_NAME_RE, SERVER_NAME_RULE } from '../src-shared/model/names';

export const keyIdSchema = z.string().regex(KEY_ID_RE, 'not a key id (key_…)');

export const serverNameSchema = z.string().regex(SERVER_NAME_RE, SERVER_NAME_RULE);
