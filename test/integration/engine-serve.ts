// The serve/CLI integration tests on both engines: `describe.each(ENGINES)` over a
// `databaseUrl(engine)` from here. Call `serveEngines()` once at the top of a file: when
// the run includes PostgreSQL (GATEHOUSE_TEST_ENGINE), one server of the file's own starts
// before its tests and stops after them; each PostgreSQL run gets a fresh database on it.
import { ENGINES, freshStores, type Engine } from '../helpers/engines';

export { ENGINES, type Engine };

export function serveEngines(): { databaseUrl(engine: Engine): Promise<string | undefined> } {
  const stores = freshStores();
  return {
    databaseUrl: async (engine) => (engine === 'postgres' ? stores.server().createDatabase() : undefined),
  };
}
