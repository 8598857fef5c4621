import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../lib/api-cache';

export function useResourceServers() {
  return useQuery(apiQuery('oauth.resourceServers.list', {}));
}
