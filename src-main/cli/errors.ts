// Error reporting for every command. Kept free of heavy imports: the CLI entry loads
// it before it knows which command runs (the guard must start fast).
import { isGatehouseError } from '../core/errors';

/** A failure the user can act on: printed as one line on stderr, non-zero exit. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly code = 'FAILED',
  ) {
    super(message);
  }
}

export function fail(e: unknown, json: boolean): never {
  const code = e instanceof CliFailure ? e.code : isGatehouseError(e) ? e.code : 'INTERNAL';
  const message = e instanceof Error ? e.message : String(e);
  const exitCode = e instanceof CliFailure ? e.exitCode : 1;
  if (json) process.stderr.write(JSON.stringify({ error: { code, message } }) + '\n');
  else process.stderr.write(`gatehouse: ${message}\n`);
  if (!(e instanceof CliFailure) && !isGatehouseError(e) && process.env.GATEHOUSE_DEBUG) {
    process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
  }
  process.exit(exitCode);
}

