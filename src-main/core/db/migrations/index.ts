import type { Migration } from '../migrate';
import { m001 } from './001-initial';
import { m002 } from './002-servers-policy-audit';

/** Every migration, in order. The last id is the schema version this build knows. */
export const migrations: readonly Migration[] = [m001, m002];
