import type { Migration } from '../migrate';
import { m001 } from './001-initial';

/** Every migration, in order. The last id is the schema version this build knows. */
export const migrations: readonly Migration[] = [m001];
