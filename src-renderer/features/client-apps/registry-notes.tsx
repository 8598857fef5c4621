// What a protect does to Gatehouse's server registry, under its diff: a server added
// (under a derived name when the app's name cannot be a rule's), or brought up to the
// entry as it is now (the issue: re-protecting after narrowing the args brought the old
// args back, silently).
import type { ClientRegistryChange } from '../../../src-preload/contract';
import { Alert } from '../../components/ui/alert';

export function RegistryNotes({ changes }: { changes: ClientRegistryChange[] }) {
  if (!changes.length) return null;
  return (
    <Alert tone="info">
      <p className="font-medium">Gatehouse’s server list</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {changes.map((c) => (
          <li key={c.server}>
            {c.action === 'add' ? (
              <>
                Adds <strong>{c.server}</strong>
                {c.registryName !== c.server ? (
                  <>
                    {' '}
                    as <code className="font-mono">{c.registryName}</code> (the name its rules use)
                  </>
                ) : null}
                .
              </>
            ) : (
              <>
                Updates <strong>{c.registryName}</strong> to the entry as it is now: <span className="font-mono text-[12px] break-all">{c.changes.join('; ')}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
