// The admin API: one thin handler per method of the contract. Handlers receive
// parsed input (never `unknown`) and delegate to the core. Both bindings (Electron
// IPC in app/, HTTP in http/) call `dispatch`, which is the only place input is parsed.
import type { z } from 'zod';
import { contract, isMethod, type Contract, type Envelope, type Method, type Result } from '../../src-preload/contract';
import type { Core } from '../core';
import { asActor } from '../core/audit/actor';
import { explainFailure } from '../core/db/failures';
import { GatehouseError, isGatehouseError } from '../core/errors';
import type { ClientAppsOptions } from '../core/client-apps';
import { clientAppsHandlers } from './client-apps';
import { keysHandlers } from './keys';
import { oauthHandlers } from './oauth';
import { policyHandlers } from './policy';
import { resourceServersHandlers } from './resource-servers';
import { serversHandlers } from './servers';
import { systemHandlers } from './system';

/** Who is calling: recorded in the audit log for actions such as "reveal". */
export interface CallContext {
  actor: 'desktop' | 'admin-web' | 'cli';
}

export type Handler<M extends Method> = (
  input: z.output<Contract[M]['input']>,
  ctx: CallContext,
) => Result<M> | Promise<Result<M>>;
export type Handlers<K extends Method = Method> = { [M in K]: Handler<M> };

/**
 * The contract's methods under a prefix (`MethodsOf<'keys'>`: keys.get, keys.list, …): each
 * api/ file takes its methods from the contract by prefix, so a new method is declared once
 * (in the contract) and the handler file that owns its prefix does not compile without it.
 */
export type MethodsOf<P extends string> = Extract<Method, `${P}.${string}`>;

export interface AdminApi {
  dispatch(method: string, input: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
}

export interface ApiOptions {
  /** The client-apps feature: guard launcher, where to look for configs (tests: a temp HOME). */
  clients?: ClientAppsOptions;
}

export function createApi(core: Core, opts: ApiOptions = {}): AdminApi {
  const handlers: Handlers = {
    ...systemHandlers(core),
    ...keysHandlers(core),
    ...serversHandlers(core),
    ...policyHandlers(core),
    ...oauthHandlers(core),
    ...resourceServersHandlers(core),
    ...clientAppsHandlers(core, opts.clients),
  };
  return {
    async dispatch(method, input, ctx) {
      try {
        if (!isMethod(method)) throw new GatehouseError('UNKNOWN_METHOD', `no admin method named ${method}`);
        const parsed = contract[method].input.safeParse(input ?? {});
        if (!parsed.success) {
          const first = parsed.error.issues[0];
          const where = first?.path.length ? `${first.path.join('.')}: ` : '';
          throw new GatehouseError('INVALID_INPUT', `${where}${first?.message ?? 'invalid input'}`);
        }
        const handler = handlers[method] as Handler<Method>;
        // Every audit event the call records names who asked (desktop, admin-web, cli).
        return { data: await asActor(ctx.actor, () => handler(parsed.data as never, ctx)) };
      } catch (e) {
        return { error: toApiError(explainFailure(e, core.dataDir)) };
      }
    },
  };
}

export function toApiError(e: unknown): { code: string; message: string } {
  if (isGatehouseError(e)) return { code: e.code, message: e.message };
  // Unknown failures keep their message out of the response: it may carry paths or data.
  return { code: 'INTERNAL', message: 'internal error; see the Gatehouse log for details' };
}
