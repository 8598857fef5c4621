// Starts a PostgreSQL server with the test harness, prints {"dir", "port", "postmaster"}
// and stays up until signalled (or exits at once with `exit` as its argument).
// Run with `node --import tsx pg-harness-child.ts [exit]`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres } from '../../helpers/postgres';

const server = await startPostgres();
const postmaster = Number(readFileSync(join(server.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
process.stdout.write(JSON.stringify({ dir: server.dir, port: server.port, postmaster }) + '\n');
if (process.argv[2] === 'exit') process.exit(0);
setInterval(() => undefined, 60_000);
