import { Policy } from '../../src-main/core/policy/policy';
import type { Rule } from '../../src-preload/contract';
import { figure, median, type Bench } from './figures';

// A key an admin might write: a few servers opened wholesale, some by prefix, some tools denied.
const RULES: Rule[] = [
  { effect: 'allow', pattern: 'everything:*' },
  { effect: 'deny', pattern: 'everything:get-env' },
  { effect: 'allow', pattern: 'fs:read_*' },
  { effect: 'allow', pattern: 'fs:list_*' },
  { effect: 'deny', pattern: 'fs:*secret*' },
  { effect: 'allow', pattern: 'github:get_*' },
  { effect: 'allow', pattern: 'github:search_*' },
  { effect: 'allow', pattern: 'github:list_*' },
  { effect: 'deny', pattern: 'github:delete_*' },
  { effect: 'allow', pattern: 'slack:post_message' },
  { effect: 'allow', pattern: 'postgres:query' },
  { effect: 'deny', pattern: '*:*_admin' },
  { effect: 'allow', pattern: 'git*:*' },
  { effect: 'deny', pattern: '*:drop_*' },
];
const SERVERS = ['everything', 'fs', 'github', 'slack', 'postgres', 'gitlab', 'notion'];
const TOOLS = ['echo', 'get-env', 'read_file', 'list_dir', 'read_secret_file', 'write_file', 'get_issue', 'search_code',
  'list_prs', 'delete_repo', 'post_message', 'query', 'user_admin', 'drop_table', 'create_page', 'get-sum'];

/** Policy.decide over 14 rules and 112 (server, tool) pairs, as the guard and gateway ask it on every call. */
export const policyDecisions: Bench = async () => {
  const policy = new Policy(RULES);
  const pairs = SERVERS.flatMap((s) => TOOLS.map((t) => [s, t] as const));
  let allowed = 0;
  const rounds: number[] = [];
  for (let round = 0; round < 7; round++) {
    const n = 2_000_000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const [s, t] = pairs[i % pairs.length]!;
      if (policy.decide(s, t).allowed) allowed++;
    }
    rounds.push(n / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  if (allowed === 0) throw new Error('the rule set allowed nothing');
  return { policy_decisions_per_s: figure(median(rounds), 'per_s', 1_000_000, 'higher') };
};
