// Entry of the `gatehouse` command. `gatehouse guard` is started by MCP clients once
// per protected server, so it takes a lean path: no commander, no zod, no UI, HTTP or
// OAuth code (DESIGN.md: start-up and memory floors). Everything else goes to program.ts.
const args = process.argv.slice(2);
if (args[0] === 'guard') {
  void import('./guard-command').then((m) => m.main(args.slice(1)));
} else {
  void import('./program').then((m) => m.main(process.argv));
}
