import { CircleAlert } from 'lucide-react';

const STDERR_MARK = '; its stderr ends with:\n';
const PREFIX = /^could not list the tools of \S+ \((.*)\): /s;

/** Splits the stored discovery error into the reason and the server's stderr tail. */
export function splitDiscoveryError(message: string): { reason: string; stderr: string | null } {
  const at = message.indexOf(STDERR_MARK);
  const head = at >= 0 ? message.slice(0, at) : message;
  const stderr = at >= 0 ? message.slice(at + STDERR_MARK.length) : null;
  const m = PREFIX.exec(head);
  return { reason: m ? head.slice(m[0].length) : head, stderr };
}

/** What went wrong, in words a person can act on. */
function explain(reason: string): string {
  if (/ENOENT/.test(reason)) return 'The command was not found. Check the command and that it is installed.';
  if (/EACCES/.test(reason)) return 'The command is not executable. Check its permissions.';
  if (/Connection closed|closed/i.test(reason)) return 'The server exited before answering. Its last output is below.';
  if (/no answer within/.test(reason)) return 'The server did not answer in time.';
  if (/fetch failed|ECONNREFUSED/.test(reason)) return 'Nothing answered at that URL. Check that the server is running.';
  return 'Gatehouse could not list its tools.';
}

export function DiscoveryError({ message, id }: { message: string; id?: string }) {
  const { reason, stderr } = splitDiscoveryError(message);
  return (
    <div id={id} className="mt-3 rounded-md border border-danger-border bg-danger-bg px-3 py-2 text-[13px] text-danger">
      <p className="flex items-start gap-2">
        <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        <span>
          <strong className="font-semibold">Discovery failed.</strong> {explain(reason)}{' '}
          <span className="break-words">({reason})</span>
        </span>
      </p>
      {stderr ? (
        <div className="mt-2">
          <p className="mb-1 text-xs font-medium">Its stderr ends with:</p>
          <pre className="max-h-40 overflow-auto rounded border border-danger-border bg-bg px-2 py-1.5 font-mono text-[12px] whitespace-pre-wrap text-fg">
            {stderr}
          </pre>
        </div>
      ) : null}
    </div>
  );
}
