// One of several processes incrementing one counter through the store interface, each
// increment a read-then-write transaction; prints {"runs", "increments"} as JSON.
// Run with `node --import tsx store-counter.ts ENGINE TARGET PROCESSES INCREMENTS`.
import { openDatabase } from '../../../src-main/core/db/connection';
import type { Sql } from '../../../src-main/core/db/sql';
import { postgresSql } from '../../../src-main/core/db/sql-postgres';
import { sqliteSql } from '../../../src-main/core/db/sql-sqlite';

const [engine, target, processes, increments] = process.argv.slice(2) as [string, string, string, string];
const sql: Sql = engine === 'postgres' ? postgresSql(target) : sqliteSql(openDatabase(target));
const pause = new Int32Array(new SharedArrayBuffer(4));

// A barrier: every process is connected before any increments, so they overlap.
sql.run('INSERT INTO ready (pid) VALUES (?)', [process.pid]);
while (sql.get<{ c: number }>('SELECT COUNT(*) AS c FROM ready')!.c < Number(processes)) Atomics.wait(pause, 0, 0, 5);

let runs = 0;
for (let i = 0; i < Number(increments); i++) {
  sql.tx(() => {
    runs++;
    const { n } = sql.get<{ n: number }>('SELECT n FROM counter WHERE id = 1')!;
    sql.run('UPDATE counter SET n = ? WHERE id = 1', [n + 1]);
  });
}
sql.close();
process.stdout.write(JSON.stringify({ runs, increments: Number(increments) }) + '\n');
