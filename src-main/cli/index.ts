// Entry of the `gatehouse` command. `gatehouse guard` is started by MCP clients once
// per protected server, so it takes a lean path: no commander, no zod, no UI, HTTP or
// OAuth code (DESIGN.md: start-up and memory floors). Everything else goes to program.ts.
import { splitGlobals } from './argv';

const { globals, rest } = splitGlobals(process.argv.slice(2));
if (rest[0] === 'guard') {
  // Global options may come first, as with every command: `gatehouse --data-dir D guard …`.
  void import('./guard-command').then((m) => m.main([...globals, ...rest.slice(1)]));
} else {
  void import('./program').then((m) => m.main(process.argv));
}
