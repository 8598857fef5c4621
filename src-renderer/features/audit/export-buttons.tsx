import { useRef, useState } from 'react';
import { Download, X } from 'lucide-react';
import type { AuditExportFormat } from '../../../src-shared/model/audit-format';
import type { AuditFilters } from '../../../src-preload/contract-audit';
import { Button } from '../../components/ui/button';
import { errorMessage } from '../../lib/api';
import { download, ExportCancelled, exportAudit, exportName, type ExportProgress } from './audit-export';

type State = { kind: 'idle' } | { kind: 'running'; format: AuditExportFormat; progress: ExportProgress } | { kind: 'done'; rows: number } | { kind: 'failed'; message: string };

const number = (n: number) => n.toLocaleString();

function ProgressLine({ state, onCancel }: { state: State; onCancel: () => void }) {
  if (state.kind === 'running') {
    const { done, total } = state.progress;
    return (
      <span className="flex items-center gap-2 text-[13px] text-muted">
        <progress aria-label={`Exporting ${state.format.toUpperCase()}`} max={Math.max(1, total)} value={done} className="h-2 w-28 accent-accent" />
        <span aria-live="polite">
          {number(done)} of {number(total)} events
        </span>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          <X aria-hidden="true" className="size-3.5" />
          Cancel
        </Button>
      </span>
    );
  }
  if (state.kind === 'done') return <span className="text-[13px] text-muted" aria-live="polite">Exported {number(state.rows)} events.</span>;
  if (state.kind === 'failed') return <span className="text-[13px] text-danger" role="alert">{state.message}</span>;
  return null;
}

/** CSV and JSON of every event matching the filters, with progress and Cancel. */
export function ExportButtons({ filters, disabled }: { filters: AuditFilters; disabled: boolean }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);

  async function run(format: AuditExportFormat) {
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: 'running', format, progress: { done: 0, total: 0 } });
    try {
      const { blob, rows } = await exportAudit(filters, format, (progress) => setState({ kind: 'running', format, progress }), controller.signal);
      download(exportName(format), blob);
      setState({ kind: 'done', rows });
    } catch (e) {
      setState(e instanceof ExportCancelled ? { kind: 'idle' } : { kind: 'failed', message: `The export failed: ${errorMessage(e)}` });
    } finally {
      abort.current = null;
    }
  }

  const running = state.kind === 'running';
  return (
    <>
      <ProgressLine state={state} onCancel={() => abort.current?.abort()} />
      {(['csv', 'json'] as const).map((format) => (
        <Button
          key={format}
          onClick={() => void run(format)}
          disabled={disabled || running}
          title={`Every event matching the filters, as ${format.toUpperCase()}`}
        >
          <Download aria-hidden="true" className="size-4" />
          {format.toUpperCase()}
        </Button>
      ))}
    </>
  );
}
