import type { Migration } from '../migrate';

// Permission rules now govern resources and prompts as well as tools (issue 11):
//   SERVER:TOOLGLOB  (unchanged) · SERVER:resource:URIGLOB · SERVER:prompt:NAMEGLOB.
// Before this migration a key or an OAuth client that could reach a server could read all
// of its resources and get all of its prompts, whatever its tool rules said. Afterwards:
//
// 1. Every key and OAuth client keeps exactly the tools it had. A rule whose tool glob
//    begins with `tool:`, `resource:` or `prompt:` meant a tool name with that prefix; it
//    is rewritten to the explicit `SERVER:tool:…` spelling so it keeps that meaning.
// 2. A rule over a whole server's tools (`SERVER:*`, including `*:*`) is read as "this
//    whole server": an allow (or deny) of `SERVER:resource:*` and `SERVER:prompt:*` is
//    added beside it. Whoever had the whole server keeps it; whoever had the whole server
//    taken away loses its resources and prompts too.
// 3. Any narrower grant (`fs:read_*`, `everything:echo`) gets no resource and no prompt:
//    a key limited to some tools is closed to the rest of the server, as its owner expects.
// The same holds for a server's exposure terms (what an approved OAuth client gets): `*`
// gains `resource:*` and `prompt:*`. Per-tool rate limits keep governing tools only.
// Applied migrations are never edited (their hash is recorded): add a new file instead.

/** The part after `SERVER:` of pattern expression `p` (the whole of `p` when it has no colon: all tools). */
const rest = (p: string) => `CASE WHEN instr(${p}, ':') > 0 THEN substr(${p}, instr(${p}, ':') + 1) ELSE '*' END`;
const serverOf = (p: string) => `CASE WHEN instr(${p}, ':') > 0 THEN substr(${p}, 1, instr(${p}, ':') - 1) ELSE ${p} END`;
const kindWord = (t: string) => `(${t} GLOB 'tool:*' OR ${t} GLOB 'resource:*' OR ${t} GLOB 'prompt:*')`;
const escaped = (p: string) => `CASE WHEN ${kindWord(rest(p))} THEN ${serverOf(p)} || ':tool:' || ${rest(p)} ELSE ${p} END`;

/** `table.column` holds a JSON array of {effect, pattern}: steps 1 and 2 above. */
function rulesSql(table: string, column: string): string {
  return `
UPDATE ${table} SET ${column} = (
  WITH r AS (
    SELECT key AS k, json_extract(value, '$.effect') AS effect, json_extract(value, '$.pattern') AS p
    FROM json_each(${table}.${column})
  )
  SELECT json_group_array(json(rule)) FROM (
    SELECT k, 0 AS sub, json_object('effect', effect, 'pattern', ${escaped('p')}) AS rule FROM r
    UNION ALL
    SELECT k, 1, json_object('effect', effect, 'pattern', ${serverOf('p')} || ':resource:*') FROM r WHERE ${rest('p')} = '*'
    UNION ALL
    SELECT k, 2, json_object('effect', effect, 'pattern', ${serverOf('p')} || ':prompt:*') FROM r WHERE ${rest('p')} = '*'
    ORDER BY k, sub
  )
)
WHERE json_valid(${column}) AND json_array_length(${column}) > 0;`;
}

/** `server_exposure.column` holds a JSON array of terms (what follows `SERVER:`). */
function termsSql(column: string): string {
  return `
UPDATE server_exposure SET ${column} = (
  WITH t AS (SELECT key AS k, value AS term FROM json_each(server_exposure.${column}))
  SELECT json_group_array(term) FROM (
    SELECT k, 0 AS sub, CASE WHEN ${kindWord('term')} THEN 'tool:' || term ELSE term END AS term FROM t
    UNION ALL SELECT k, 1, 'resource:*' FROM t WHERE term = '*'
    UNION ALL SELECT k, 2, 'prompt:*' FROM t WHERE term = '*'
    ORDER BY k, sub
  )
)
WHERE json_valid(${column}) AND json_array_length(${column}) > 0;`;
}

/** Per-tool rate limits ({pattern, limit, window}): step 1 only. */
const toolLimitsSql = `
UPDATE settings SET value = (
  SELECT json_group_array(json_set(value, '$.pattern', ${escaped("json_extract(value, '$.pattern')")}))
  FROM json_each(settings.value)
)
WHERE key = 'toolRateLimits' AND json_valid(value) AND json_type(value) = 'array' AND json_array_length(value) > 0;`;

/** The catalog beside the tools: what the Permissions screen shows rules over. */
const catalogSql = `
CREATE TABLE server_capabilities (
  server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('resource', 'resource_template', 'prompt')),
  -- what the rules match: a resource's URI, a template's URI template, a prompt's name
  name TEXT NOT NULL,
  title TEXT,
  description TEXT,
  PRIMARY KEY (server_id, kind, name)
);`;

export const m009: Migration = {
  id: 9,
  name: 'capability-rules',
  sql: [
    rulesSql('api_keys', 'rules'),
    rulesSql('oauth_client_meta', 'rules'),
    termsSql('allow_tools'),
    termsSql('deny_tools'),
    toolLimitsSql,
    catalogSql,
  ].join('\n'),
};
