import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Input } from '../../../src-preload/contract';
import type { OAuthConsentDecision, OAuthSettingsView } from '../../../src-preload/contract-oauth';
import { call } from '../../lib/api';
import { oauthKeys } from '../../lib/query-keys';

/** Registered clients newest first, a page at a time ("Load more"). */
export function useOAuthClients() {
  return useInfiniteQuery({
    queryKey: oauthKeys.clientList(),
    queryFn: ({ pageParam }) => call('oauth.clients.list', { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Clients by name prefix, at most `limit` (pickers, short lists). */
export function useOAuthClientSearch(search: string, limit = 20) {
  const params = { search: search.trim(), limit };
  return useQuery({
    queryKey: oauthKeys.clientSearch(params),
    queryFn: async () => (await call('oauth.clients.list', { limit, ...(params.search ? { search: params.search } : {}) })).clients,
    placeholderData: keepPreviousData,
  });
}

/** One client by id (a link to a client that need not be on the pages loaded); null: none asked for. */
export function useOAuthClient(clientId: string | null) {
  return useQuery({
    queryKey: oauthKeys.client(clientId ?? ''),
    queryFn: () => call('oauth.clients.get', { clientId: clientId ?? '' }),
    enabled: clientId !== null,
    retry: false,
  });
}

/** Live grants newest first, a page at a time. */
export function useOAuthGrants() {
  return useInfiniteQuery({
    queryKey: oauthKeys.grants(),
    queryFn: ({ pageParam }) => call('oauth.grants.list', { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Authorization requests waiting on the consent page: they appear while a browser waits. */
export function usePendingConsents() {
  return useQuery({
    queryKey: oauthKeys.consents(),
    queryFn: () => call('oauth.consents.pending', {}),
    refetchInterval: 5_000,
  });
}

/**
 * The admin's Allow or Deny from the window. It is stored; the browser tab waiting on the
 * consent page picks it up within seconds, and the request then leaves the list.
 */
export function useAnswerConsent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ uid, decision }: { uid: string; decision: OAuthConsentDecision }) =>
      call(decision === 'allow' ? 'oauth.consents.approve' : 'oauth.consents.deny', { uid }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauthKeys.consents() }),
  });
}

export function useOAuthSettings() {
  return useQuery({ queryKey: oauthKeys.settings(), queryFn: () => call('oauth.settings.get', {}) });
}

/** A change to clients or grants: lists, counts and grants all move together after it. */
function useClientsMutation<TVariables, TData>(mutationFn: (variables: TVariables) => Promise<TData>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: oauthKeys.clients() }),
        queryClient.invalidateQueries({ queryKey: oauthKeys.grants() }),
      ]),
  });
}

export function useCreateOAuthClient() {
  // The secret stays in the mutation result only.
  return useClientsMutation((input: Input<'oauth.clients.create'>) => call('oauth.clients.create', input));
}

export function useUpdateOAuthClient() {
  return useClientsMutation((input: Input<'oauth.clients.update'>) => call('oauth.clients.update', input));
}

export function useRotateClientSecret() {
  return useClientsMutation((clientId: string) => call('oauth.clients.rotateSecret', { clientId }));
}

/** Disables the client and revokes every grant and token it holds. */
export function useDisableOAuthClient() {
  return useClientsMutation((clientId: string) => call('oauth.clients.revoke', { clientId }));
}

export function useDeleteOAuthClient() {
  return useClientsMutation((clientId: string) => call('oauth.clients.delete', { clientId }));
}

export function useRevokeGrant() {
  return useClientsMutation((grantId: string) => call('oauth.grants.revoke', { grantId }));
}

export function useRevokeAllGrants() {
  return useClientsMutation((clientId: string) => call('oauth.grants.revokeAll', { clientId }));
}

export function useUpdateOAuthSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input<'oauth.settings.update'>) => call('oauth.settings.update', input),
    // Radios and switches move at once; a refusal puts them back and says why.
    onMutate: async (patch) => {
      await queryClient.cancelQueries({ queryKey: oauthKeys.settings() });
      const before = queryClient.getQueryData<OAuthSettingsView>(oauthKeys.settings());
      if (before) queryClient.setQueryData<OAuthSettingsView>(oauthKeys.settings(), { ...before, ...patch });
      return { before };
    },
    onError: (_e, _patch, ctx) => {
      if (ctx?.before) queryClient.setQueryData(oauthKeys.settings(), ctx.before);
    },
    onSuccess: (view) => queryClient.setQueryData(oauthKeys.settings(), view),
  });
}

export function useRotateSigningKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('oauth.keys.rotate', {}),
    onSuccess: (view) => {
      queryClient.setQueryData(oauthKeys.settings(), view);
      return queryClient.invalidateQueries({ queryKey: oauthKeys.jwksAll() });
    },
  });
}

export function useRotateRegistrationToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('oauth.registrationToken.rotate', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauthKeys.settings() }),
  });
}

/** The published JWKS, fetched from the page's own origin (it is public). */
export function useJwks(url: string | null) {
  return useQuery({
    queryKey: oauthKeys.jwks(url ?? ''),
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
