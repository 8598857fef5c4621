import { Check, Loader2, X } from 'lucide-react';
import type { OAuthPendingConsent } from '../../../src-preload/contract-oauth';
import { Alert, ErrorAlert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { RelativeTime } from '../../components/ui/relative-time';
import { serverOfResource } from './labels';
import { useAnswerConsent } from './use-oauth';

function hostOf(uri: string | null): string | null {
  if (!uri) return null;
  try {
    return new URL(uri).host;
  } catch {
    return uri;
  }
}

/** A client that names itself by an https URL (CIMD) but sends the code to this machine: anyone here could pose as it. */
function posesLocally(c: OAuthPendingConsent): boolean {
  const host = c.redirectUri ? (URL.parse(c.redirectUri)?.hostname ?? '') : '';
  const local = host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
  return c.clientId.startsWith('https://') && local;
}

const answered = {
  allow: 'Allowed — the app’s browser tab will continue in a few seconds',
  deny: 'Denied — the app’s browser tab will tell it in a few seconds',
} as const;

/** One request waiting for consent, with Allow and Deny: the desktop app's way to answer. */
export function PendingConsentRow({ c, now }: { c: OAuthPendingConsent; now: number }) {
  const answer = useAnswerConsent();
  const name = c.clientName ?? c.clientId;
  const host = hostOf(c.redirectUri);
  const decision = c.decision ?? answer.data?.decision ?? null;
  const busy = answer.isPending ? answer.variables.decision : null;

  return (
    <li className="space-y-2 rounded-lg border border-border px-4 py-3">
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <p className="text-sm">
            <strong className="font-semibold">{name}</strong> asks to use{' '}
            {c.resources.length === 0
              ? 'no particular server'
              : c.resources.map((r, i) => (
                  <span key={r}>
                    {i > 0 ? ', ' : ''}
                    <em className="font-medium not-italic">{serverOfResource(r)}</em>
                  </span>
                ))}
          </p>
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-[13px] text-muted">
            {host ? (
              <span>
                returns to <strong className="font-semibold text-fg">{host}</strong>
              </span>
            ) : null}
            {c.scopes.map((s) => (
              <Badge key={s} tone="neutral">
                <span className="font-mono">{s}</span>
              </Badge>
            ))}
            {c.createdAt ? <RelativeTime iso={c.createdAt} now={now} prefix="asked" /> : null}
            {c.expiresAt ? <RelativeTime iso={c.expiresAt} now={now} prefix="expires" /> : null}
          </p>
        </div>
        <div role="status" className="shrink-0">
          {decision ? (
            <p className="flex max-w-72 items-start gap-1.5 text-[13px] font-medium">
              {decision === 'allow' ? (
                <Check aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-ok-fg" />
              ) : (
                <X aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-danger" />
              )}
              {answered[decision]}
            </p>
          ) : null}
        </div>
        {decision ? null : (
          <div className="flex shrink-0 gap-2">
            {(
              [
                ['deny', 'Deny', 'secondary'],
                ['allow', 'Allow', 'primary'],
              ] as const
            ).map(([d, text, variant]) => (
              <Button
                key={d}
                variant={variant}
                aria-label={`${text} ${name}`}
                disabled={busy !== null}
                onClick={() => answer.mutate({ uid: c.uid, decision: d })}
              >
                {busy === d ? <Loader2 aria-hidden="true" className="size-3.5 animate-spin" /> : null}
                {text}
              </Button>
            ))}
          </div>
        )}
      </div>
      {posesLocally(c) && !decision ? (
        <Alert>
          This app names itself by a web address but sends you back to this computer, so any program here could pose as
          it. Allow only if you started this sign-in just now.
        </Alert>
      ) : null}
      <ErrorAlert error={answer.error} />
    </li>
  );
}
