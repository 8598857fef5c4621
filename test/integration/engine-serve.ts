// The serve/CLI integration tests on both engines: `describe.each(ENGINES)` over a
// `databaseUrl(engine)` from here. Call `serveEngines()` once at the top of a file: when
// the run includes PostgreSQL (GATEHOUSE_TEST_ENGINE), one server of the file's own starts
// before its tests and stops after them; each PostgreSQL run gets a fresh database on it.
import { afterAll, beforeAll } from 'vitest';
import { ENGINES, freshStores, type Engine } from '../helpers/engines';
import { makeHome, type TestHome } from './guard-harness';
import { startServe, type Serving } from './serve-harness';

export { ENGINES, type Engine };

export interface ServeEngines {
  databaseUrl(engine: Engine): Promise<string | undefined>;
}

export function serveEngines(): ServeEngines {
  const stores = freshStores();
  return {
    databaseUrl: async (engine) => (engine === 'postgres' ? stores.server().createDatabase() : undefined),
  };
}

/** What `servedHome` sets before a describe's tests run. */
export interface ServedHome {
  home: TestHome;
  serve: Serving;
}

/**
 * A describe's set-up for the gateway tests on one engine: a home (on `engine`) with
 * `servers`, `setUp` on it (exposure, keys), then `gatehouse serve` on it. Registers its
 * own beforeAll/afterAll; the returned object's fields, and what `setUp` returns, are set
 * before the tests run.
 */
export function servedHome<X extends object>(
  engines: ServeEngines,
  engine: Engine,
  servers: Parameters<typeof makeHome>[0],
  setUp: (home: TestHome) => X | Promise<X>,
): ServedHome & X {
  const t = {} as ServedHome & X;
  beforeAll(async () => {
    const home = makeHome(servers, await engines.databaseUrl(engine));
    t.home = home;
    Object.assign(t, await setUp(home));
    t.serve = await startServe(home);
  });
  afterAll(async () => {
    await t.serve?.stop();
    t.home?.close();
  });
  return t;
}
