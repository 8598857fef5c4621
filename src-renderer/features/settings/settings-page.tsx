// Settings: what this install is (version, data dir, schema), where its master key
// lives, the AS and gateway addresses, and the few knobs that have no screen of
// their own (message size, audit retention and arguments). Rate limits link out.
import { Link } from '@tanstack/react-router';
import { useSystemStatus } from '../../app/use-system-status';
import { LoadError } from '../../components/ui/load-error';
import { PageHeader } from '../../components/ui/page-header';
import { AuditSettings } from '../audit/audit-settings';
import { CopyField } from '../gateway/copy-button';
import { describeLimit } from '../rate-limits/rate-limit-fields';
import { Panel } from '../../components/ui/panel';
import { useSettings } from '../rate-limits/use-settings';
import { MasterKeyInfo } from './master-key-info';
import { MessageSizeForm } from './message-size-form';
import { SessionCapsForm } from './session-caps-form';

const linkClass = 'font-medium text-fg underline decoration-border-strong underline-offset-2 hover:decoration-fg';

export function SettingsPage() {
  const status = useSystemStatus();
  const settings = useSettings();
  const s = status.data;

  return (
    <div className="mx-auto max-w-4xl px-6 py-5">
      <PageHeader title="Settings" description="This install, its master key and addresses, and the limits that apply to every call." />
      <div className="space-y-4">
        <Panel id="settings-install" title="This install" description="What runs, and where it keeps its data.">
          {status.isError ? (
            <LoadError what="The status" error={status.error} onRetry={() => void status.refetch()} />
          ) : !s ? (
            <p className="text-sm text-muted">Loading…</p>
          ) : (
            <dl className="grid grid-cols-[160px_1fr] items-center gap-x-4 gap-y-2.5 text-sm">
              <dt className="text-muted">App version</dt>
              <dd data-testid="app-version">{s.version}</dd>
              <dt className="text-muted">Schema version</dt>
              <dd>{s.schemaVersion}</dd>
              <dt className="text-muted">Data directory</dt>
              <dd className="min-w-0">
                <CopyField value={s.dataDir} label="data directory" testId="data-dir" />
              </dd>
            </dl>
          )}
        </Panel>

        {s ? (
          <Panel id="settings-master-key" title="Master key" description="Encrypts the secrets in the data directory: server env values, headers, OAuth keys.">
            <MasterKeyInfo status={s} />
          </Panel>
        ) : null}

        {s ? (
          <Panel
            id="settings-addresses"
            title="Authorization server and gateway"
            description="What OAuth clients and remote MCP apps connect to."
          >
            {s.issuer ? (
              <dl className="grid grid-cols-[160px_1fr] items-center gap-x-4 gap-y-2.5 text-sm">
                <dt className="text-muted">Issuer</dt>
                <dd className="min-w-0">
                  <CopyField value={s.issuer} label="issuer URL" testId="settings-issuer" />
                </dd>
                <dt className="text-muted">Gateway base</dt>
                <dd className="min-w-0">
                  {s.gatewayBase ? (
                    <CopyField value={s.gatewayBase} label="gateway base URL" testId="settings-gateway" />
                  ) : (
                    <span className="text-muted">Not served by this process.</span>
                  )}
                </dd>
              </dl>
            ) : (
              <p className="text-sm">
                <span className="font-medium text-danger">Stopped.</span>{' '}
                {s.httpError ?? 'This process does not serve HTTP.'}
                {s.httpError ? ' Free the port (or quit the other Gatehouse), then restart the app.' : null}
              </p>
            )}
            <p className="mt-3 text-[13px] text-muted">
              Token lifetimes, signing keys and registration policy are on the{' '}
              <Link to="/oauth" search={{ tab: 'settings' }} className={linkClass}>
                OAuth screen
              </Link>
              .
            </p>
          </Panel>
        ) : null}

        {settings.isError ? (
          <LoadError what="The settings" error={settings.error} onRetry={() => void settings.refetch()} />
        ) : settings.data ? (
          <>
            <Panel id="settings-guard" title="Guard" description="Applies to every call relayed by the guard and the gateway.">
              <MessageSizeForm bytes={settings.data.maxMessageBytes} />
              <div className="mt-5">
                <SessionCapsForm settings={settings.data} />
              </div>
            </Panel>
            <Panel id="settings-audit" title="Audit log" description="What each event keeps, and for how long.">
              <AuditSettings key={settings.data.auditRetentionDays} settings={settings.data} />
              <p className="mt-3 text-[13px] text-muted">
                The events themselves are on the{' '}
                <Link to="/audit" className={linkClass}>
                  Audit screen
                </Link>
                .
              </p>
            </Panel>
            <Panel id="settings-rate" title="Rate limits" description="For keys without a limit of their own.">
              <p className="text-sm">
                Default: <strong className="font-medium">{describeLimit(settings.data.defaultRateLimit)}</strong>
                {settings.data.toolRateLimits.length
                  ? `, plus ${settings.data.toolRateLimits.length} per-tool ${settings.data.toolRateLimits.length === 1 ? 'limit' : 'limits'}`
                  : null}
                .{' '}
                <Link to="/rate-limits" className={linkClass}>
                  Change on the Rate limits screen
                </Link>
              </p>
            </Panel>
          </>
        ) : (
          <p className="py-6 text-center text-sm text-muted" aria-live="polite">
            Loading settings…
          </p>
        )}

        <Panel id="settings-appearance" title="Appearance" description="Light or dark.">
          <p className="text-sm">
            Gatehouse follows your operating system&apos;s light or dark setting; change it there and this window follows at once.
          </p>
        </Panel>
      </div>
    </div>
  );
}
