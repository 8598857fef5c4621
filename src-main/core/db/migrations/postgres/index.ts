import type { Migration } from '../../migrate';
import { p001 } from './001-initial';
import { p002 } from './002-servers-policy-audit';
import { p003 } from './003-clients';
import { p004 } from './004-oauth';
import { p005 } from './005-exposure';
import { p006 } from './006-upstream-oauth';
import { p007 } from './007-consent-decisions';
import { p008 } from './008-oauth-client-rate-limit';
import { p009 } from './009-capability-rules';
import { p010 } from './010-sealed-secrets-and-standing-access';
import { p011 } from './011-server-aliases';
import { p012 } from './012-scale';
import { p013 } from './013-key-edit-audit-admin-links';
import { p014 } from './014-resource-servers';
import { p015 } from './015-team-keys';
import { p016 } from './016-admin-sessions';

/**
 * Team mode's migrations, in PostgreSQL's dialect: one for each SQLite migration, with
 * the same id and name, so both engines report the same schema version (a test compares
 * the tables, columns and indexes they end with).
 */
export const postgresMigrations: readonly Migration[] = [p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015, p016];
