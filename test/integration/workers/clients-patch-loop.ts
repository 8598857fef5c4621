// Protects and unprotects one client config in a loop until it is killed (the crash-safety
// test sends SIGKILL at a random moment). After each completed write it appends a line
// to the log and fsyncs it, so the parent knows how many writes completed at least.
// Run with `node --import tsx` (or bundled, see the test); the master key comes from GATEHOUSE_MASTER_KEY.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { openCore } from '../../../src-main/core';
import { createClientAppService } from '../../../src-main/core/client-apps';

const [dataDir, configPath, keyId, logPath] = process.argv.slice(2) as [string, string, string, string];
const core = openCore({ dataDir });
const service = createClientAppService(core, {
  launcher: { command: '/opt/gatehouse/node', args: ['/opt/gatehouse/out/main/cli.js'], env: {} },
});
const log = openSync(logPath, 'a');
const done = (what: string) => {
  writeSync(log, `${what}\n`);
  fsyncSync(log);
};
// Written synchronously: the loop below never yields, so an async write would never leave.
writeSync(1, 'ready\n');
for (;;) {
  const p = service.protect({ client: 'claude-desktop', configPath, servers: ['github'], keyId });
  if (p.changed) done('protect');
  const u = service.unprotect({ client: 'claude-desktop', configPath, servers: ['github'] });
  if (u.changed) done('unprotect');
  if (process.env.ONCE) break;
}
closeSync(log);
core.close();
