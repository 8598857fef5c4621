import { useNavigate } from '@tanstack/react-router';
import { Hint, Select } from '../../components/ui/field';
import { Loading, LoadError } from '../../components/ui/load-error';
import { CodeBlock, CopyField } from '../gateway/copy-button';
import { pythonSnippet, typescriptSnippet } from '../gateway/snippets';
import { urls } from '../gateway/urls';
import { useExposures } from '../gateway/use-gateway';
import { useServerList } from '../servers/use-servers';
import { SelfHostedSection } from './self-hosted-section';
import { useJwks, useOAuthSettings } from './use-oauth';
import { useResourceServers } from './use-resource-servers';

const PLACEHOLDER = 'my-server';

/** For the user's own MCP servers: how to check a Gatehouse access token without calling Gatehouse. */
export function ResourceServersSection({ server }: { server: string | undefined }) {
  const settings = useOAuthSettings();
  const servers = useServerList();
  const exposures = useExposures();
  const navigate = useNavigate({ from: '/oauth' });
  const issuer = settings.data?.issuer ?? null;
  const jwksUrl = issuer ? urls.jwks(issuer) : null;
  const jwks = useJwks(jwksUrl);
  const selfHosted = useResourceServers();

  const hosted = new Map((selfHosted.data ?? []).map((r) => [r.name, r.url]));
  const names = [...(servers.data ?? []).map((s) => s.name), ...hosted.keys()].sort((a, b) => a.localeCompare(b));
  const firstExposed = exposures.data?.find((e) => e.exposed)?.server;
  const chosen = server && names.includes(server) ? server : (firstExposed ?? names[0] ?? PLACEHOLDER);

  const audience = hosted.get(chosen) ?? (issuer ? urls.resource(issuer, chosen) : '');

  if (settings.isError) return <LoadError what="The AS settings" error={settings.error} onRetry={() => void settings.refetch()} />;
  if (settings.isPending) return <Loading>Loading…</Loading>;
  if (!issuer) {
    return (
      <p className="rounded-lg border border-dashed border-border-strong px-4 py-8 text-center text-sm text-muted">
        The issuer is not known yet. Start <code className="font-mono">gatehouse serve</code> or the app once, then come
        back for the JWKS and the snippets.
      </p>
    );
  }

  return (
    <div className="space-y-5">
      <div>
        <h2 className="text-[15px] font-semibold">Resource servers</h2>
        <p className="max-w-3xl text-[13px] text-muted">
          Your own MCP server can accept Gatehouse access tokens directly: they are ES256 JWTs (typ{' '}
          <code className="font-mono">at+jwt</code>) whose audience is the server’s Gatehouse URL (or, for a self-hosted
          server registered below, its own URL) and whose scope is <code className="font-mono">mcp:&lt;server&gt;</code>.
          Verify them against the JWKS below, or ask Gatehouse (introspection).
        </p>
      </div>

      <section aria-labelledby="rs-endpoints" className="grid gap-x-6 gap-y-3 rounded-lg border border-border px-4 py-3 lg:grid-cols-2">
        <h3 id="rs-endpoints" className="sr-only">
          Endpoints
        </h3>
        <div>
          <p className="mb-1 text-[13px] text-muted">Issuer</p>
          <CopyField value={issuer} label="issuer" />
        </div>
        <div>
          <p className="mb-1 text-[13px] text-muted">JWKS URL</p>
          <CopyField value={jwksUrl ?? ''} label="JWKS URL" testId="jwks-url" />
        </div>
        <div>
          <label htmlFor="rs-server" className="mb-1 block text-[13px] text-muted">
            Server (sets the audience)
          </label>
          {names.length > 0 ? (
            <Select
              id="rs-server"
              className="w-full"
              value={chosen}
              onChange={(e) => void navigate({ search: (s) => ({ ...s, server: e.target.value }), replace: true })}
            >
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </Select>
          ) : (
            <Hint>No servers registered: the snippets use “{PLACEHOLDER}”.</Hint>
          )}
        </div>
        <div>
          <p className="mb-1 text-[13px] text-muted">Audience (aud)</p>
          <CopyField value={audience} label="audience" testId="audience" />
        </div>
      </section>

      <SelfHostedSection issuer={issuer} />

      <PinnedJwks jwks={jwks} jwksUrl={jwksUrl} />

      <section aria-labelledby="rs-ts">
        <h3 id="rs-ts" className="text-sm font-semibold">
          TypeScript (jose)
        </h3>
        <p className="mb-1.5 text-[13px] text-muted">Fetches the JWKS and caches it; a new signing key is picked up on its own.</p>
        <CodeBlock code={typescriptSnippet({ issuer, server: chosen, audience })} label="TypeScript snippet" testId="snippet-ts" />
      </section>

      <section aria-labelledby="rs-py">
        <h3 id="rs-py" className="text-sm font-semibold">
          Python (PyJWT)
        </h3>
        <p className="mb-1.5 text-[13px] text-muted">PyJWT does not check the typ header itself: the snippet does.</p>
        <CodeBlock code={pythonSnippet({ issuer, server: chosen, audience })} label="Python snippet" testId="snippet-py" />
      </section>
    </div>
  );
}

/** The JWKS as Gatehouse serves it now, to pin in a server that cannot reach Gatehouse. */
function PinnedJwks({ jwks, jwksUrl }: { jwks: ReturnType<typeof useJwks>; jwksUrl: string | null }) {
  return (
    <section aria-labelledby="rs-jwks">
      <div className="mb-1.5">
        <h3 id="rs-jwks" className="text-sm font-semibold">
          Pinned JWKS
        </h3>
        <p className="text-[13px] text-muted">
          For a server that cannot reach Gatehouse. Pin it again after you rotate the signing key (Settings).
        </p>
      </div>
      {jwks.isPending ? (
        <p className="text-[13px] text-muted">Fetching {jwksUrl}…</p>
      ) : jwks.isError ? (
        <LoadError what="The JWKS" error={jwks.error} onRetry={() => void jwks.refetch()} />
      ) : (
        <CodeBlock code={JSON.stringify(jwks.data, null, 2)} label="pinned JWKS" testId="jwks" className="max-h-56" />
      )}
    </section>
  );
}
