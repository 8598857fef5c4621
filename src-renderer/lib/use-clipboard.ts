import { useEffect, useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Copies `text` on demand and says how it went; "copied" (and, unless `keepFailure`,
 * "failed") goes back to idle after a moment.
 */
export function useClipboard(text: string, { keepFailure = false }: { keepFailure?: boolean } = {}) {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle' || (state === 'failed' && keepFailure)) return;
    const t = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(t);
  }, [state, keepFailure]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return { state, copy: () => void copy() };
}
