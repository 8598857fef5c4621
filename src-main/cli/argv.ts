// The global options written before the subcommand, split off by hand for the guard's
// lean path (commander handles them for every other command, before or after it).

/** Options every command takes; the value-taking ones consume the next argument. */
const WITH_VALUE = new Set(['--data-dir', '--database-url']);
const FLAGS = new Set(['--json']);

export function splitGlobals(argv: string[]): { globals: string[]; rest: string[] } {
  const globals: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (WITH_VALUE.has(flag)) {
      globals.push(arg);
      if (flag === arg && i + 1 < argv.length) globals.push(argv[++i]!);
    } else if (FLAGS.has(arg)) {
      // The guard speaks JSON-RPC on stdout whatever --json says: it is dropped there.
    } else break;
  }
  return { globals, rest: argv.slice(i) };
}
