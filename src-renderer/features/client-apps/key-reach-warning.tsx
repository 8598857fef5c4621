// Protect with an existing key: say so when the key allows nothing of a chosen server
// (no tool, resource or prompt: every call would be refused after the change).
import type { KeySummary } from '../../../src-preload/contract';
import { ruleCoverage } from '../../../src-shared/model/rule-coverage';
import { Alert } from '../../components/ui/alert';
import { useKeyCatalog } from '../keys/key-form/use-catalog';

/** The chosen servers (registered ones only: what others offer is unknown) that the key allows nothing of. */
export function serversKeyMisses(key: KeySummary, servers: string[], catalog: ReturnType<typeof useKeyCatalog>['catalog']): string[] {
  return servers.filter((name) => {
    const entry = catalog.find((s) => s.name === name);
    return entry !== undefined && ruleCoverage(key.rules, [entry]).allowsNothing;
  });
}

export function KeyReachWarning({ keySummary, servers }: { keySummary: KeySummary | undefined; servers: string[] }) {
  const { catalog } = useKeyCatalog();
  if (!keySummary) return null;
  const missed = serversKeyMisses(keySummary, servers, catalog);
  if (missed.length === 0) return null;
  return (
    <Alert tone="warning" live className="mt-2">
      <strong className="font-semibold">“{keySummary.name}” allows nothing of {missed.join(', ')}.</strong> Its calls there would be refused.
      Choose another key, or give this one tools, resources or prompts there under API keys.
    </Alert>
  );
}
