import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OAuthConsentDecision, OAuthSettingsView } from '../../../src-preload/contract-oauth';
import { apiPages, apiQuery, apiWrite, queryKeyOf } from '../../lib/api-cache';
import { useApiMutation } from '../../lib/use-api-mutation';

/** Registered clients newest first, a page at a time ("Load more"). */
export function useOAuthClients() {
  return useInfiniteQuery(apiPages('oauth.clients.list', { limit: 100 }));
}

/** Clients by name prefix, at most `limit` (pickers, short lists). */
export function useOAuthClientSearch(search: string, limit = 20) {
  const typed = search.trim();
  return useQuery({
    ...apiQuery('oauth.clients.list', { limit, ...(typed ? { search: typed } : {}) }),
    select: (page) => page.clients,
    placeholderData: keepPreviousData,
  });
}

/** One client by id (a link to a client that need not be on the pages loaded); null: none asked for. */
export function useOAuthClient(clientId: string | null) {
  return useQuery({ ...apiQuery('oauth.clients.get', { clientId: clientId ?? '' }), enabled: clientId !== null, retry: false });
}

/** Live grants newest first, a page at a time. */
export function useOAuthGrants() {
  return useInfiniteQuery(apiPages('oauth.grants.list', { limit: 100 }));
}

/** Authorization requests waiting on the consent page: they appear while a browser waits. */
export function usePendingConsents() {
  return useQuery({ ...apiQuery('oauth.consents.pending', {}), refetchInterval: 5_000 });
}

/**
 * The admin's Allow or Deny from the window. It is stored; the browser tab waiting on the
 * consent page picks it up within seconds, and the request then leaves the list.
 */
export function useAnswerConsent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ uid, decision }: { uid: string; decision: OAuthConsentDecision }) =>
      apiWrite(queryClient, decision === 'allow' ? 'oauth.consents.approve' : 'oauth.consents.deny', { uid }),
  });
}

export function useOAuthSettings() {
  return useQuery(apiQuery('oauth.settings.get', {}));
}

const settingsKey = queryKeyOf('oauth.settings.get', {});

/** Radios and switches move at once; a refusal puts them back and says why. */
export function useUpdateOAuthSettings() {
  const queryClient = useQueryClient();
  return useApiMutation('oauth.settings.update', {
    onMutate: async (patch) => {
      await queryClient.cancelQueries({ queryKey: settingsKey });
      const before = queryClient.getQueryData<OAuthSettingsView>(settingsKey);
      if (before) queryClient.setQueryData<OAuthSettingsView>(settingsKey, { ...before, ...patch });
      return { before };
    },
    onError: (_e, _patch, ctx) => {
      if (ctx?.before) queryClient.setQueryData(settingsKey, ctx.before);
    },
    onSuccess: (view) => queryClient.setQueryData(settingsKey, view),
  });
}

const JWKS = 'jwks';

/** A new signing key: the published JWKS (not an admin method, so not in the method table) changes too. */
export function useRotateSigningKey() {
  return useApiMutation('oauth.keys.rotate', {
    onSuccess: (_view, _input, queryClient) => queryClient.invalidateQueries({ queryKey: [JWKS] }),
  });
}

/** The published JWKS, fetched from the page's own origin (it is public). */
export function useJwks(url: string | null) {
  return useQuery({
    queryKey: [JWKS, url ?? ''],
    enabled: url !== null,
    queryFn: async () => {
      let res: Response;
      try {
        res = await fetch(url ?? '', { headers: { accept: 'application/json' } });
      } catch {
        throw new Error(`Could not reach ${url}. Check that Gatehouse is serving HTTP.`);
      }
      if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}.`);
      return (await res.json()) as { keys: Array<Record<string, unknown>> };
    },
  });
}
