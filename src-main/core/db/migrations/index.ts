import type { Migration } from '../migrate';
import { m001 } from './001-initial';
import { m002 } from './002-servers-policy-audit';
import { m003 } from './003-clients';
import { m004 } from './004-oauth';
import { m005 } from './005-exposure';
import { m006 } from './006-upstream-oauth';
import { m007 } from './007-consent-decisions';
import { m008 } from './008-oauth-client-rate-limit';
import { m009 } from './009-capability-rules';
import { m010 } from './010-sealed-secrets-and-standing-access';
import { m011 } from './011-server-aliases';
import { m012 } from './012-scale';
import { m013 } from './013-key-edit-audit-admin-links';
import { m014 } from './014-resource-servers';
import { m015 } from './015-team-keys';
import { m016 } from './016-admin-sessions';

/** Every migration, in order. The last id is the schema version this build knows. */
export const migrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015, m016];
