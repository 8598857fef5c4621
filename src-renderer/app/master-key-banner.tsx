// The weak-master-key warning, once: a banner on every screen but Overview (which lists
// it under "Needs attention") until dismissed; the dismissal is remembered per data dir.
import { useState } from 'react';
import { Link, useLocation } from '@tanstack/react-router';
import { X } from 'lucide-react';
import type { SystemStatus } from '../../src-preload/contract';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { masterKeyAdvice } from '../lib/master-key-advice';

const storageKey = (dataDir: string) => `gatehouse.masterKeyBanner.dismissed:${dataDir}`;

function dismissedFor(dataDir: string): boolean {
  try {
    return localStorage.getItem(storageKey(dataDir)) === '1';
  } catch {
    return false;
  }
}

export function MasterKeyBanner({ status }: { status: SystemStatus }) {
  const [dismissed, setDismissed] = useState(() => dismissedFor(status.dataDir));
  const path = useLocation({ select: (l) => l.pathname });
  if (dismissed || path === '/' || path === '/settings') return null;
  const advice = masterKeyAdvice(status);
  return (
    <Alert
      tone="warning"
      action={
        <span className="flex shrink-0 items-center gap-1">
          <Link to="/settings" className="rounded px-1.5 py-0.5 text-[13px] font-medium underline">
            Open Settings
          </Link>
          <Button
            size="icon"
            variant="ghost"
            className="size-7"
            aria-label="Dismiss the master key warning"
            onClick={() => {
              try {
                localStorage.setItem(storageKey(status.dataDir), '1');
              } catch {
                // Private mode: dismissed for this page only.
              }
              setDismissed(true);
            }}
          >
            <X aria-hidden="true" className="size-4" />
          </Button>
        </span>
      }
    >
      <strong className="font-semibold">The master key is in a file next to the data</strong>, the weakest place: a copy of the data directory opens every
      stored secret. {advice.text}
    </Alert>
  );
}
