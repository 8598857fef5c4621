import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExposureInfo, Input } from '../../../src-preload/contract';
import { call } from '../../lib/api';
import { gatewayKeys, oauthKeys } from '../../lib/query-keys';

export function useExposures() {
  return useQuery({ queryKey: gatewayKeys.exposures(), queryFn: () => call('servers.exposures', {}) });
}

/** Clients connected to the gateway now; polled, since sessions come and go on their own. */
export function useGatewaySessions(enabled = true) {
  return useQuery({
    queryKey: gatewayKeys.sessions(),
    queryFn: () => call('servers.sessions', {}),
    refetchInterval: 5_000,
    enabled,
  });
}

export function useExpose() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input<'servers.expose'>) => call('servers.expose', input),
    onSuccess: (info) => {
      queryClient.setQueryData<ExposureInfo[]>(gatewayKeys.exposures(), (list) =>
        list ? list.map((e) => (e.server === info.server ? info : e)) : list,
      );
      return queryClient.invalidateQueries({ queryKey: gatewayKeys.exposures() });
    },
  });
}

/**
 * The issuer (serve's or the app's base URL): the AS settings know the one of the
 * process that last served HTTP; null before the first start.
 */
export function useIssuer() {
  const settings = useQuery({ queryKey: oauthKeys.settings(), queryFn: () => call('oauth.settings.get', {}) });
  return { issuer: settings.data?.issuer ?? null, query: settings };
}

/** Ends one gateway session (and its server process); the list refreshes at once. */
export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('servers.sessions.end', { id }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: gatewayKeys.sessions() }),
  });
}
