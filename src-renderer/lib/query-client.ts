import { QueryClient } from '@tanstack/react-query';
import { ApiError, UNREACHABLE } from './api';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // An answer from Gatehouse is final; only a lost connection is worth a retry.
        retry: (count, error) => (!(error instanceof ApiError) || error.code === UNREACHABLE) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}
