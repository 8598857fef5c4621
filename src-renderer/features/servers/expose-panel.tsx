// "Expose over HTTP" for one server: the gateway switch, its URL and metadata, what an
// approved OAuth client gets, whether API keys are accepted, who is connected now and
// how Gatehouse authenticates to the upstream. Self-contained: the row mounts it.
import { useEffect, useState } from 'react';
import { Users } from 'lucide-react';
import type { ExposureInfo, ServerSummary } from '../../../src-preload/contract';
import { Alert, ErrorAlert } from '../../components/ui/alert';
import { DisclosureButton } from '../../components/ui/disclosure-button';
import { Hint } from '../../components/ui/field';
import { Switch } from '../../components/ui/switch';
import { errorMessage } from '../../lib/api';
import { CopyField } from '../gateway/copy-button';
import { urls } from '../gateway/urls';
import { useApiMutation } from '../../lib/use-api-mutation';
import { useExposures, useGatewaySessions, useIssuer } from '../gateway/use-gateway';
import { SessionList } from '../gateway/session-list';
import { ExposureTerms } from './exposure-terms';
import { UpstreamAuth } from './upstream-auth';

const DEFAULT_EXPOSURE = (server: string): ExposureInfo => ({
  server,
  exposed: false,
  allowTools: ['*', 'resource:*', 'prompt:*'],
  denyTools: [],
  acceptApiKeys: false,
});

export function ExposePanel({ server: s, now, linkedOpen = null }: { server: ServerSummary; now: number; linkedOpen?: object | null }) {
  const exposures = useExposures();
  const { issuer } = useIssuer();
  const expose = useApiMutation('servers.expose');
  const [open, setOpen] = useState(false);
  const e = exposures.data?.find((x) => x.server === s.name) ?? DEFAULT_EXPOSURE(s.name);
  const sessions = useGatewaySessions(e.exposed);
  const mine = (sessions.data ?? []).filter((x) => x.server === s.name);
  const url = issuer ? urls.resource(issuer, s.name) : null;
  const detailsId = `gateway-${s.id}`;
  const switchId = `expose-${s.id}`;
  // "Expose server…" from the search palette: the settings open, the switch takes focus.
  useEffect(() => {
    if (!linkedOpen) return;
    setOpen(true);
    document.getElementById(switchId)?.focus();
  }, [linkedOpen, switchId]);

  return (
    <div className="border-t border-border px-4 py-2.5" aria-label={`HTTP gateway for ${s.name}`} role="group">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <Switch
          id={switchId}
          label={`Expose ${s.name} over HTTP`}
          checked={e.exposed}
          disabled={expose.isPending || exposures.isPending}
          onCheckedChange={(on) => expose.mutate({ name: s.name, exposed: on })}
        />
        <label htmlFor={switchId} className="text-[13px] font-medium">
          Expose over HTTP
        </label>
        <div className="min-w-0 flex-1">
          {e.exposed && url ? (
            <CopyField value={url} label={`gateway URL of ${s.name}`} testId={`gateway-url-${s.name}`} />
          ) : e.exposed ? (
            <span className="text-[13px] text-muted">Exposed; the URL appears once Gatehouse serves HTTP.</span>
          ) : (
            <span className="text-[13px] text-muted">Off: only local apps reach it, through the guard.</span>
          )}
        </div>
        {e.exposed ? (
          <span className="flex items-center gap-1 text-[13px] text-muted" aria-live="polite">
            <Users aria-hidden="true" className="size-3.5" />
            {mine.length} connected
          </span>
        ) : null}
        <DisclosureButton open={open} onToggle={() => setOpen((o) => !o)} controls={detailsId} what={`HTTP settings of ${s.name}`}>
          HTTP settings
        </DisclosureButton>
      </div>
      <ErrorAlert error={expose.error} lead="The change was not saved." className="mt-2" />
      {exposures.isError ? (
        <Alert tone="danger" className="mt-2">
          Whether this server is exposed could not be loaded. {errorMessage(exposures.error)}
        </Alert>
      ) : null}
      {open ? (
        <div id={detailsId} className="mt-3 grid gap-x-6 gap-y-4 lg:grid-cols-2">
          <div className="space-y-3">
            <div>
              <p className="mb-1 text-[13px] font-medium">Protected-resource metadata (RFC 9728)</p>
              {issuer ? (
                <CopyField value={urls.resourceMetadata(issuer, s.name)} label={`metadata URL of ${s.name}`} />
              ) : (
                <Hint>Appears once Gatehouse serves HTTP.</Hint>
              )}
              <Hint>MCP apps find the authorization server here on their own.</Hint>
            </div>
            <ExposureTerms key={`${e.allowTools.join('\u0000')}|${e.denyTools.join('\u0000')}`} exposure={e} />
            <div className="flex items-start justify-between gap-3">
              <div>
                <label htmlFor={`apikeys-${s.id}`} className="text-[13px] font-medium">
                  Accept Gatehouse API keys
                </label>
                <Hint>Lets apps without OAuth send an API key as the bearer token. Their key’s rules apply.</Hint>
              </div>
              <Switch
                id={`apikeys-${s.id}`}
                label={`Accept Gatehouse API keys for ${s.name}`}
                checked={e.acceptApiKeys}
                disabled={expose.isPending}
                onCheckedChange={(on) => expose.mutate({ name: s.name, exposed: e.exposed, acceptApiKeys: on })}
              />
            </div>
          </div>
          <div className="space-y-3">
            <div>
              <p className="mb-1 text-[13px] font-medium">Upstream authentication</p>
              {s.transport === 'stdio' ? (
                <p className="text-[13px] text-muted">A local process Gatehouse starts on demand: no credentials needed.</p>
              ) : (
                <ul className="space-y-0.5 text-[13px]">
                  <li>
                    Static headers from the vault: <strong className="font-semibold">{s.headerNames.length}</strong>
                    {s.headerNames.length > 0 ? <span className="font-mono text-muted"> ({s.headerNames.join(', ')})</span> : null}
                  </li>
                  <li><UpstreamAuth server={s} now={now} /></li>
                </ul>
              )}
              <Hint>The app’s own token is never forwarded upstream.</Hint>
            </div>
            <div>
              <p className="mb-1 text-[13px] font-medium">Connected now</p>
              {!e.exposed ? (
                <p className="text-[13px] text-muted">Nobody: the server is not exposed.</p>
              ) : sessions.isError ? (
                <Alert tone="danger">The sessions could not be loaded. {errorMessage(sessions.error)}</Alert>
              ) : mine.length === 0 ? (
                <p className="text-[13px] text-muted">No client is connected. This list refreshes every 5 seconds.</p>
              ) : (
                <SessionList sessions={mine} now={now} label={`Clients connected to ${s.name}`} />
              )}
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}
