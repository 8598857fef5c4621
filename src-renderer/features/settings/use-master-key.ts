import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../lib/api';
import { systemKeys } from '../../lib/query-keys';

/** Moves the master key from the key file into the OS keychain; the status follows. */
export function useMoveMasterKeyToKeychain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('system.masterKey.moveToKeychain', {}),
    onSuccess: (moved) => queryClient.setQueryData(systemKeys.status(), moved.status),
  });
}
