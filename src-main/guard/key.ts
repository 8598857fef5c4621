// The guard's one credential: the API key in GATEHOUSE_API_KEY, taken out of the
// environment the server will inherit, and checked afresh (cheaply) for every message.
import type { Core } from '../core';
import { refuse, type Verification } from '../core/keys/verify';
import type { Authn } from '../core/mcp/relay';

export interface GuardKey {
  /** Whether a key was given at all. */
  presented: boolean;
  /** The verification at start (what decides whether the server is started). */
  first: Verification;
  authenticate(): Authn;
}

export function takeKey(core: Core, say: (text: string) => void): GuardKey {
  const presented = process.env.GATEHOUSE_API_KEY?.trim() ?? '';
  // The key leaves the environment the child will inherit (startChild filters it too).
  delete process.env.GATEHOUSE_API_KEY;
  const verifier = presented ? core.keys.verifier(presented) : null;
  const verify = (): Verification => (verifier ? verifier() : refuse('missing'));
  const first = verify();
  if (!presented) say('GATEHOUSE_API_KEY is not set: every request will be refused. Put the key in the env of this server entry.');
  else if (!first.ok) say(`the API key in GATEHOUSE_API_KEY was refused (${first.reason}): ${first.message}. Every request will be refused.`);
  // The same answer while the key's verification is the same object (it is, until the key
  // changes): a message allocates no principal (memory, issue 14).
  let last: { v: Verification; authn: Authn } | null = null;
  return {
    presented: presented !== '',
    first,
    authenticate(): Authn {
      const v = verify();
      if (last?.v === v) return last.authn;
      const authn: Authn = v.ok
        ? { ok: true, principal: { type: 'api_key', id: v.keyId, name: v.name, rules: v.rules, rateLimit: v.rateLimit } }
        : { ok: false, reason: `key_${v.reason}`, message: v.message, ...(v.keyId ? { principal: { type: 'api_key' as const, id: v.keyId } } : {}) };
      last = { v, authn };
      return authn;
    },
  };
}
