import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../lib/api-cache';

export function useSystemStatus() {
  return useQuery({ ...apiQuery('system.status', {}), staleTime: 60_000 });
}
