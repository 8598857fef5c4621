import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../lib/api-cache';

export function useExposures() {
  return useQuery(apiQuery('servers.exposures', {}));
}

/** Clients connected to the gateway now; polled, since sessions come and go on their own. */
export function useGatewaySessions(enabled = true) {
  return useQuery({ ...apiQuery('servers.sessions', {}), refetchInterval: 5_000, enabled });
}

/**
 * The issuer (serve's or the app's base URL): the AS settings know the one of the
 * process that last served HTTP; null before the first start.
 */
export function useIssuer() {
  const settings = useQuery(apiQuery('oauth.settings.get', {}));
  return { issuer: settings.data?.issuer ?? null, query: settings };
}
