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

  async function copy(): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
      return true;
    } catch {
      setState('failed');
      return false;
    }
  }

  /** `copyAndTell` resolves to whether the text reached the clipboard. */
  return { state, copy: () => void copy(), copyAndTell: copy };
}
