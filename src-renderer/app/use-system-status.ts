import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/api';
import { systemKeys } from '../lib/query-keys';

export function useSystemStatus() {
  return useQuery({
    queryKey: systemKeys.status(),
    queryFn: () => call('system.status', {}),
    staleTime: 60_000,
  });
}
