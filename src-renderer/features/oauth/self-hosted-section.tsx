// Self-hosted MCP servers that Gatehouse does not front but issues tokens for: registered
// by URL, each gets introspection credentials shown once (the CLI twin is
// `gatehouse oauth resources add URL --name N`).
import { useState } from 'react';
import type { OAuthResourceServer } from '../../../src-preload/contract';
import { Button } from '../../components/ui/button';
import { ConfirmWrite } from '../../components/ui/confirm-write';
import { Dialog, DialogForm } from '../../components/ui/dialog';
import { Code, TextField } from '../../components/ui/field';
import { Loading, LoadError } from '../../components/ui/load-error';
import { PlainTable } from '../../components/ui/plain-table';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { CopyField } from '../gateway/copy-button';
import { ClientCredentials } from './secret-once';
import { useApiMutation } from '../../lib/use-api-mutation';
import { useResourceServers } from './use-resource-servers';

const introspectionOf = (issuer: string) => `${issuer.replace(/\/+$/, '')}/oauth/introspect`;

export function SelfHostedSection({ issuer }: { issuer: string }) {
  const list = useResourceServers();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<OAuthResourceServer | null>(null);
  const [rotating, setRotating] = useState<OAuthResourceServer | null>(null);

  return (
    <section aria-labelledby="rs-self-hosted" className="space-y-2">
      <div className="flex items-end justify-between gap-3">
        <div>
          <h3 id="rs-self-hosted" className="text-sm font-semibold">
            Self-hosted MCP servers
          </h3>
          <p className="max-w-3xl text-[13px] text-muted">
            An MCP server that Gatehouse does not front can name Gatehouse as its authorization server. Register it by its
            URL: MCP clients then sign in through Gatehouse for it (tokens with that URL as <Code>aud</Code>), and it can
            ask Gatehouse about a token with its own credentials at <Code>{introspectionOf(issuer)}</Code>.
          </p>
        </div>
        <Button variant="primary" onClick={() => setAdding(true)}>
          Register server
        </Button>
      </div>
      {list.isError ? (
        <LoadError what="The resource servers" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Loading>Loading…</Loading>
      ) : list.data.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border-strong px-4 py-5 text-center text-[13px] text-muted">
          None registered. Register one here or with <Code>gatehouse oauth resources add URL --name NAME</Code>.
        </p>
      ) : (
        <div className="rounded-lg border border-border">
          <PlainTable label="Self-hosted MCP servers" columns={[{ label: 'Name' }, { label: 'URL (aud)' }, { label: 'Scope' }, { label: 'Client ID' }, { label: 'Actions', hidden: true }]}>
            {list.data.map((rs) => (
              <tr key={rs.name} className="border-b border-border last:border-0">
                <td className="px-3 py-2 font-medium">{rs.name}</td>
                <td className="px-3 py-2 font-mono text-[12px]">{rs.url}</td>
                <td className="px-3 py-2 font-mono text-[12px]">{rs.scope}</td>
                <td className="px-3 py-2 font-mono text-[12px]">{rs.clientId}</td>
                <td className="px-3 py-2 text-right whitespace-nowrap">
                  <Button size="sm" onClick={() => setRotating(rs)} aria-label={`Rotate secret of ${rs.name}`}>
                    Rotate secret
                  </Button>{' '}
                  <Button size="sm" variant="danger" onClick={() => setRemoving(rs)} aria-label={`Remove ${rs.name}`}>
                    Remove
                  </Button>
                </td>
              </tr>
            ))}
          </PlainTable>
        </div>
      )}
      <AddDialog open={adding} issuer={issuer} onClose={() => setAdding(false)} />
      <RemoveDialog target={removing} onClose={() => setRemoving(null)} />
      <RotateDialog target={rotating} issuer={issuer} onClose={() => setRotating(null)} />
    </section>
  );
}

function AddDialog({ open, issuer, onClose }: { open: boolean; issuer: string; onClose: () => void }) {
  const add = useApiMutation('oauth.resourceServers.add');
  const { close, pending, error } = useDialogMutation(add, onClose);
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const done = () => {
    setUrl('');
    setName('');
    close();
  };
  return (
    <Dialog open={open} onClose={done} title={add.data ? `Registered ${add.data.resourceServer.name}` : 'Register a self-hosted MCP server'}>
      {add.data ? (
        <Credentials issuer={issuer} rs={add.data.resourceServer} secret={add.data.clientSecret} onDone={done} />
      ) : (
        <DialogForm onSubmit={() => add.mutate({ url, name })} bodyClassName="space-y-3" error={error} onCancel={done} pending={pending} label="Register" pendingLabel="Registering…">
          <TextField id="rs-url" label="MCP endpoint URL" mono value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://notes.example/mcp" hint="The resource its tokens name (aud). Plain http only on 127.0.0.1, localhost or [::1]." autoFocus />
          <TextField id="rs-name" label="Name" value={name} onChange={(e) => setName(e.target.value)} placeholder="notes" hint="Its tokens carry the scope mcp:<name>." />
        </DialogForm>
      )}
    </Dialog>
  );
}

function Credentials({ issuer, rs, secret, onDone }: { issuer: string; rs: OAuthResourceServer; secret: string; onDone: () => void }) {
  return (
    <>
      <div className="space-y-3 px-5 pt-4">
        <p className="text-sm">
          Give the server these settings: authorization server <Code>{issuer}</Code>, resource <Code>{rs.url}</Code>, scope{' '}
          <Code>{rs.scope}</Code>. It introspects tokens with the client ID and secret below (HTTP Basic):
        </p>
        <CopyField value={introspectionOf(issuer)} label="introspection endpoint" />
      </div>
      <ClientCredentials clientId={rs.clientId} secret={secret} onDone={onDone} />
    </>
  );
}

function RemoveDialog({ target, onClose }: { target: OAuthResourceServer | null; onClose: () => void }) {
  const remove = useApiMutation('oauth.resourceServers.remove');
  return (
    <ConfirmWrite target={target} mutation={remove} toInput={(s) => ({ name: s.name })} onClose={onClose} action="Remove" confirmLabel="Remove server" pendingLabel="Removing…">
      <p>Gatehouse stops issuing tokens for {target?.url}, and the server’s introspection credentials stop working now.</p>
      <p className="text-muted">Tokens already issued stay valid until they expire for a server that checks them against the JWKS itself.</p>
    </ConfirmWrite>
  );
}

function RotateDialog({ target, issuer, onClose }: { target: OAuthResourceServer | null; issuer: string; onClose: () => void }) {
  const rotate = useApiMutation('oauth.resourceServers.rotateSecret');
  const { close } = useDialogMutation(rotate, onClose);
  if (rotate.data) {
    return (
      <Dialog open={target !== null} onClose={close} title={`New secret for ${rotate.data.resourceServer.name}`}>
        <Credentials issuer={issuer} rs={rotate.data.resourceServer} secret={rotate.data.clientSecret} onDone={close} />
      </Dialog>
    );
  }
  return (
    <ConfirmWrite target={target} mutation={rotate} toInput={(s) => ({ name: s.name })} onClose={onClose} action="Rotate the secret of" confirmLabel="Rotate secret" pendingLabel="Rotating…" tone="primary" showsResult>
      <p>The server’s current secret stops working now; give it the new one, shown once.</p>
    </ConfirmWrite>
  );
}
