// Applied migrations are hashed (schema.ts records the sha256 of each one's SQL text) and a
// database that applied one refuses a build whose text differs. These pins catch an edit
// (a comment, a space) before any database does, in both dialects: a new migration adds
// its row here once; an existing row never changes.
import { describe, expect, it } from 'vitest';
import type { Migration } from '../../src-main/core/db/migrate';
import { migrations } from '../../src-main/core/db/migrations';
import { postgresMigrations } from '../../src-main/core/db/migrations/postgres';
import { migrationHash } from '../../src-main/core/db/schema';

/** id: [SQLite, PostgreSQL] sha256 of the migration's SQL text. */
const PINNED: Record<number, readonly [sqlite: string, postgres: string]> = {
  1: ['04586453029276323f4e44e4198a1ab2964a7f367088201cdebacbb7f4ebb9a5', '25c936da38d39e35ea71c126f6862f1fbb399324e48ad12d19a4aceb94ec0597'],
  2: ['5e340d778dd0a2e313b33fe23233e1368594dbe6b0978445c5c9ea807425e705', 'ee0bf5692328e515276576b984801e31e522fa31fd2a57f032a4890bd165b7b3'],
  3: ['6d0c6e7fe914e094e9f9005e99ce833ce05bc13ad37fcdb7332967c1769351c5', '1049aaec73d9ce4f72930fef5c0137531cf32ee6bef3bec3b93d6aafc8dd4c29'],
  4: ['9cd0903d953f19e2d1511ce841f3b272ee20f4a80a23f33369fae7c551640f4e', 'ff3f324a211009812207166b6a23ddc9a36581164c7d5b69215bffb6ac48da97'],
  5: ['135da347a4c1aeaadf3eb9ff6c362ff7a000898fb1ba9363fadc5bfe35817c40', '48e723876e3c4f792536ed1ac49f74a676edf7ee3e7c9280b3911ff6069d08e0'],
  6: ['52197eeac2605f466487325518c269718514dd1534a00e9f190f3d6afaf3ce62', '36e4cfea45af96e385dd42945821b11b0f1892e3868c75749234873a7f8269d2'],
  7: ['5e6cdc7a759dc1ef818b11aa6bf08534b9209f82e9a582f4e06efefa7e87cc37', '6d68230b027cd18c5bc322fe55c5d41b16140b6f85cf6ba1f3a0368e196ef393'],
  8: ['ce8619c85c3b5c22c8ef5681a3893222115beecee32cc9c211e8e5ede1595413', '106bed6b0a3aae4d32ed40d31ee3da647e1fd7934b08270708d8cf1951b6a5c7'],
  9: ['e8729f87f119e64ec40cb663c6144cc15e52b48ba7bd35fa9f1f6bfc1713ee3c', 'efbf6bd9963905f3143c56f4556fc238e51c96947158f2bdd6f6691a19c3ae40'],
  10: ['cde828dcb6eb90751f3682333548da82b69bef843534e0b15327cc08442562da', 'b8f0f5de65926fc3262cbba8f8a0e51eedde573e082cb7c3d91ec4f9579e2908'],
  11: ['a6421b5cb89f48bf7b3a290dcac59230b8769b95f542559cb213d8628e8f23d2', 'a0884705ccc6dc1a6cf1982f8ca298d126c7f3805d281e6399ee058442580baa'],
  12: ['2fe04b0fface79ba6f7414d24dd45986b25255e5394a827badd6fc142242142b', 'b95cb9b7c502570a789a0105b6c896de316eb36093b7f0b40ba49dae706a783c'],
  13: ['efd1650c609f6e642e4cbb8ef59bec61e77d6c998787c687f0b1d379a2c99767', '4b2b3d81bd61e2de5727f547830681f038deca74b72429e76ebaeaf5f9cefeb0'],
  14: ['cb0741284abb9d1e64bb9092c2b42d7556813867fd39c76631f9fcfec717798b', 'a85dd65869fb647464a9136a871a6cc4d11a152c97a97de683ab05ad29997e63'],
  15: ['ceec26a202122b14d1043a4c59704b54af6da6787d18aa383fbeb5284f40b69d', '622b06c72985ca435eca8468bff31365876b1fc3f00d01cd223f18dff1174e10'],
  16: ['e3a76b67649e2a7011a54e49a4c7fd27859e434be9c34b1a28d2a400e1d27dd0', '6d2184cf60b66fbffb6de1c26d97d7799954eb28ef3eb710eaf7097c2e81773d'],
};

const hashes = (list: readonly Migration[]) => Object.fromEntries(list.map((m) => [m.id, migrationHash(m)]));

describe('migration texts', () => {
  it('every migration of both dialects has its pinned hash', () => {
    const sqlite = hashes(migrations);
    const postgres = hashes(postgresMigrations);
    expect(Object.keys(sqlite)).toEqual(Object.keys(PINNED));
    expect(Object.keys(postgres)).toEqual(Object.keys(PINNED));
    for (const [id, [s, p]] of Object.entries(PINNED)) {
      expect(sqlite[id], `SQLite migration ${id}`).toBe(s);
      expect(postgres[id], `PostgreSQL migration ${id}`).toBe(p);
    }
  });

  it('a changed text is caught: one more space changes the hash', () => {
    const m = migrations[0]!;
    expect(migrationHash({ ...m, sql: `${m.sql} ` })).not.toBe(PINNED[m.id]![0]);
  });
});
