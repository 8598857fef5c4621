// `gatehouse admin-link`: a new one-time sign-in link for the admin page of a running
// `gatehouse serve` (or the app's HTTP server), without restarting it. The token is
// stored hashed in the data dir; the running server spends it once.
import { ADMIN_LINK_TTL_MS, ADMIN_LOGIN_PATH, mintAdminToken } from '../core/admin-links';
import { oauthStoreOf } from '../core/oauth';
import { CliFailure, printJson, withCore, type CommonOptions } from './context';

/** Whether something answers HTTP at the issuer (the AS metadata every Gatehouse server serves). */
async function answers(issuer: string): Promise<boolean> {
  try {
    const res = await fetch(`${issuer}/.well-known/oauth-authorization-server`, { signal: AbortSignal.timeout(3000), redirect: 'manual' });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

export async function adminLink(opts: CommonOptions): Promise<void> {
  const { issuer, token, expiresAt } = await withCore(opts, async (core) => {
    const issuer = oauthStoreOf(core).settings.issuer();
    if (!issuer) throw new CliFailure('no Gatehouse server has run on this data dir yet: start one with `gatehouse serve` (it prints a sign-in link)', 1, 'NOT_RUNNING');
    if (!(await answers(issuer))) {
      throw new CliFailure(`nothing answers at ${issuer}, where Gatehouse last served this data dir: start it with \`gatehouse serve\` (it prints a sign-in link)`, 1, 'NOT_RUNNING');
    }
    const minted = mintAdminToken(core.sql);
    core.audit.record({ action: 'admin.sign_in_link', detail: { expiresAt: new Date(minted.expiresAt).toISOString() } });
    return { issuer, ...minted };
  });
  const adminUrl = `${issuer}${ADMIN_LOGIN_PATH}?token=${token}`;
  if (opts.json) return printJson({ admin_url: adminUrl, expires_at: new Date(expiresAt).toISOString() });
  process.stdout.write(`${adminUrl}\n\nOpen it in your browser: it signs you in once, within ${ADMIN_LINK_TTL_MS / 60_000} minutes.\n`);
}
