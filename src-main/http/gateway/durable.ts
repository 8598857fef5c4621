// Team mode: an answer goes out only after its audit row is committed, so a replica that
// dies (SIGKILL, a lost node) has acknowledged nothing the audit log lacks. The relay
// records a call's row right after it hands over the answer, in the same turn, so the
// answer waits one tick and the audit log then writes what is queued: under load one
// transaction carries the rows of every answer of that turn (a group commit). On SQLite
// (the desktop, one machine) answers go out at once, as before: the writer's 50 ms batch
// is lost only with the machine.
import type { Core } from '../../core';

export function afterAudit(core: Core, send: () => void): void {
  if (!core.team) return send();
  process.nextTick(() => {
    // flush(false) never throws: a database out of reach keeps the rows queued for the
    // next try, and the answer still goes (the client is not held hostage to the log).
    core.audit.flush(false);
    send();
  });
}
