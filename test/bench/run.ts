// `npm run bench [-- NAME...]`: prints one JSON object, one entry per figure (DESIGN.md "Benchmarks").
// `npm run bench -- scale` runs the scale group (opt-in: it builds millions of rows);
// `npm run bench -- team` the team-mode group (opt-in: PostgreSQL and five serve processes).
import type { Bench, Figure } from './figures';
import { auditRows } from './audit';
import { gateway } from './gateway';
import { gatewaySessions } from './gateway-sessions';
import { gatewayStateless } from './gateway-stateless';
import { guardLatency, guardStart } from './guard';
import { keyVerify } from './keys';
import { oauthThroughput } from './oauth';
import { ops } from './ops';
import { policyDecisions } from './policy';
import { rendererJs } from './renderer';
import { scale, scaleFigures } from './scale';
import { serveReady, serveRss } from './serve';
import { storeEngines } from './store';
import { team } from './team';
import { upstreamClient } from './upstream-client';

const benches: Record<string, Bench> = {
  key_verify_per_s: keyVerify,
  serve_ready_ms: serveReady,
  serve_rss_mb: serveRss,
  renderer_js_gzip_kb: rendererJs,
  // One bench yields several figures; each name runs it (once, even when several are asked for).
  guard_added_p50_ms: guardLatency,
  guard_added_p99_ms: guardLatency,
  guard_rss_mb: guardLatency,
  relay_rss_mb: guardLatency,
  guard_anon_mb: guardLatency,
  relay_anon_mb: guardLatency,
  relay_floor_added_p99_ms: guardLatency,
  guard_start_added_ms: guardStart,
  policy_decisions_per_s: policyDecisions,
  audit_rows_per_s: auditRows,
  token_cc_per_s: oauthThroughput,
  token_cc_p99_ms: oauthThroughput,
  introspection_per_s: oauthThroughput,
  gateway_added_p50_ms: gateway,
  gateway_calls_per_s: gateway,
  gateway_floor_added_p50_ms: gateway,
  // 2026-07-28 (stateless) beside a direct call, in the same run.
  gateway_stateless_added_p50_ms: gatewayStateless,
  gateway_stateless_calls_per_s: gatewayStateless,
  gateway_stateless_direct_calls_per_s: gatewayStateless,
  gateway_stateless_stdio_calls_per_s: gatewayStateless,
  gateway_calls_text_log_per_s: ops,
  gateway_calls_json_log_per_s: ops,
  readyz_per_s: ops,
  // `npm run bench -- store` runs every store figure.
  store: storeEngines,
  store_get_us_sqlite: storeEngines,
  store_get_us_postgres: storeEngines,
  store_get_us_pg_async: storeEngines,
  store_bridge_added_us: storeEngines,
  store_tx_us_sqlite: storeEngines,
  store_tx_us_postgres: storeEngines,
  store_tx_us_pg_async: storeEngines,
  store_take_us_sqlite: storeEngines,
  store_take_us_postgres: storeEngines,
  cli_migrate_current_ms: storeEngines,
  cli_version_ms: storeEngines,
  upstream_http1_post_p50_us: upstreamClient,
  upstream_undici_post_p50_us: upstreamClient,
  upstream_node_http_post_p50_us: upstreamClient,
  gateway_session_start_ms: gatewaySessions,
  gateway_session_rss_mb: gatewaySessions,
  ...Object.fromEntries(scaleFigures.map((name) => [name, scale])),
  // `npm run bench -- team` (opt-in): PostgreSQL and five serve processes.
  team,
  team_sqlite_calls_per_s: team,
  team_postgres_calls_per_s: team,
  team_calls_per_s_1: team,
  team_calls_per_s_2: team,
  team_calls_per_s_3: team,
  team_sqlite_token_cc_per_s: team,
  team_postgres_token_cc_per_s: team,
  team_token_cc_per_s_1: team,
  team_token_cc_per_s_2: team,
  team_token_cc_per_s_3: team,
  team_revoke_seen_ms_p50: team,
};

/** Run only when asked for (by a figure's name or their group's). */
const optIn = new Set<Bench>([scale, team]);
const groups: Record<string, string[]> = {
  // The guard's memory after 200,000 calls is one of the scale figures too.
  scale: [...scaleFigures, 'guard_rss_mb', 'relay_rss_mb', 'guard_anon_mb', 'relay_anon_mb'],
};

const wanted = process.argv.slice(2).flatMap((n) => groups[n] ?? [n]);
const unknown = wanted.filter((n) => !(n in benches));
if (unknown.length) {
  process.stderr.write(`unknown bench: ${unknown.join(', ')}; known: ${[...Object.keys(groups), ...Object.keys(benches)].join(', ')}\n`);
  process.exit(2);
}
const out: Record<string, Figure> = {};
const ran = new Set<Bench>();
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length ? !wanted.includes(name) : optIn.has(run)) continue;
  if (ran.has(run)) continue;
  ran.add(run);
  const figures = await run();
  // Asked for by a group's name (`store`), not a figure's: every figure of the group.
  const whole = wanted.includes(name) && !(name in figures);
  for (const [figureName, value] of Object.entries(figures)) {
    if (!wanted.length || whole || wanted.includes(figureName)) out[figureName] = value;
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
