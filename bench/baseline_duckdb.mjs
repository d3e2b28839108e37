// Baseline 2 of scripts/bench: DuckDB on the same events, same answer.
//
// The engine comes from the npm package @duckdb/node-api, which scripts/bench
// installs into build/bench-tools (pass that folder as --tools). DuckDB runs
// with 2 threads. The events are loaded once into a table sorted by time
// (exact redeliveries dropped), times cast with their offset to TIMESTAMPTZ
// — casting to TIMESTAMP would drop the offset and give the wrong UTC day —
// and the session time zone is UTC, so a TIMESTAMPTZ cast to DATE is the UTC
// day. Each query is the same statement set as baseline_sqlite.py: the
// matching events into a temporary table, then rows, totals and labelers.
//
//   node baseline_duckdb.mjs load   --tools T --events E --catalog C --db D
//   node baseline_duckdb.mjs answer --tools T --db D --queries Q.json --out DIR
//   node baseline_duckdb.mjs time   --tools T --db D --queries Q.json --runs N --budget S
//
// Outputs as in baseline_sqlite.py: `answer` writes DIR/<name>.json in the
// REST shape and prints {name: ms}; `time` prints {name: [ms, ...]}.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const HISTORY_START = '2023-08-01'; // the service's default --history-start

const { positionals, values: args } = parseArgs({
  allowPositionals: true,
  options: {
    tools: { type: 'string' }, events: { type: 'string' }, catalog: { type: 'string' },
    db: { type: 'string' }, queries: { type: 'string' }, out: { type: 'string' },
    runs: { type: 'string', default: '5' }, budget: { type: 'string', default: '60' },
  },
});
const require = createRequire(path.resolve(args.tools, 'package.json'));
const { DuckDBInstance, LIST, VARCHAR, listValue } = require('@duckdb/node-api');

const LABELS = `type = 'annotate' AND (boxes_added > 0 OR boxes_removed > 0
  OR boxes_updated > 0 OR marked_null)`;

const LOAD = (events) => `
CREATE TABLE events AS
SELECT DISTINCT workspaceId AS workspace_id, eventId AS event_id,
  CAST("time" AS TIMESTAMPTZ) AS "time", "type", projectId AS project_id,
  labelerId AS labeler_id, imageId AS image_id, boxesAdded AS boxes_added,
  boxesRemoved AS boxes_removed, boxesUpdated AS boxes_updated,
  markedNull AS marked_null, modelAssisted AS model_assisted,
  reviewerId AS reviewer_id, result
FROM read_json('${events.replaceAll("'", "''")}', format = 'newline_delimited',
  columns = {eventId: 'VARCHAR', "time": 'VARCHAR', "type": 'VARCHAR',
    workspaceId: 'VARCHAR', projectId: 'VARCHAR', labelerId: 'VARCHAR',
    imageId: 'VARCHAR', boxesAdded: 'BIGINT', boxesRemoved: 'BIGINT',
    boxesUpdated: 'BIGINT', markedNull: 'BOOLEAN', modelAssisted: 'BOOLEAN',
    reviewerId: 'VARCHAR', result: 'VARCHAR'})
ORDER BY "time"`;

// The events of the range that count: labeling annotate events and reviews.
const MATCHING = `
CREATE OR REPLACE TEMP TABLE m AS
SELECT project_id, labeler_id, image_id, CAST("time" AS DATE) AS day, "type",
  boxes_added, boxes_removed, boxes_updated, marked_null, model_assisted,
  result, ${LABELS} AS labels
FROM events
WHERE workspace_id = $ws
  AND "time" >= CAST($start AS DATE)::TIMESTAMPTZ
  AND "time" < (CAST($end AS DATE) + 1)::TIMESTAMPTZ
  AND (len($projects) = 0 OR list_contains($projects, project_id))
  AND (len($users) = 0 OR list_contains($users, labeler_id))
  AND ("type" = 'review' OR ${LABELS})`;

const REVIEWED = `
WITH reviewed AS (
  SELECT project_id, labeler_id, image_id,
    bool_or(result = 'approved') AND NOT bool_or(result = 'rejected') AS first_pass
  FROM m WHERE "type" = 'review' GROUP BY ALL)`;
// Half up on the exact fraction, in integers.
const RATE = (n, k) =>
  `CASE WHEN ${n} > 0 THEN ((20000 * ${k} + ${n}) // (2 * ${n})) / 100.0 END`;

const PAIRS = `${REVIEWED},
rates AS (SELECT project_id, labeler_id, count(*) AS n,
  count(*) FILTER (first_pass) AS k FROM reviewed GROUP BY ALL),
sums AS (
  SELECT project_id, labeler_id,
    count(DISTINCT (day, image_id)) FILTER (labels) AS images,
    count(DISTINCT (day, image_id)) FILTER (labels AND marked_null) AS nulls,
    count(DISTINCT (day, image_id)) FILTER (labels AND model_assisted) AS assisted,
    coalesce(sum(boxes_added), 0) AS added, coalesce(sum(boxes_removed), 0) AS removed,
    coalesce(sum(boxes_updated), 0) AS updated,
    count(*) FILTER (result = 'approved') AS approved,
    count(*) FILTER (result = 'rejected') AS rejected
  FROM m GROUP BY ALL)
SELECT s.project_id, coalesce(p.name, ''), coalesce(p.type, ''), s.labeler_id,
  images::DOUBLE, nulls::DOUBLE, assisted::DOUBLE, added::DOUBLE, removed::DOUBLE,
  updated::DOUBLE, approved::DOUBLE, rejected::DOUBLE,
  ${RATE('r.n', 'r.k')}::DOUBLE
FROM sums s
LEFT JOIN rates r ON r.project_id = s.project_id AND r.labeler_id = s.labeler_id
LEFT JOIN projects p ON p.workspace_id = $ws AND p.id = s.project_id
ORDER BY s.project_id, s.labeler_id`;

const TOTALS = `${REVIEWED},
rate AS (SELECT count(*) AS n, count(*) FILTER (first_pass) AS k FROM reviewed),
sums AS (
  SELECT count(DISTINCT image_id) FILTER (labels) AS images,
    count(DISTINCT image_id) FILTER (labels AND marked_null) AS nulls,
    count(DISTINCT image_id) FILTER (labels AND model_assisted) AS assisted,
    coalesce(sum(boxes_added), 0) AS added, coalesce(sum(boxes_removed), 0) AS removed,
    coalesce(sum(boxes_updated), 0) AS updated
  FROM m)
SELECT images::DOUBLE, nulls::DOUBLE, assisted::DOUBLE, added::DOUBLE,
  removed::DOUBLE, updated::DOUBLE, ${RATE('rate.n', 'rate.k')}::DOUBLE
FROM sums, rate`;

const LABELERS = `
SELECT ids.labeler_id,
  CASE WHEN l.id IS NULL OR l.system THEN ids.labeler_id ELSE l.display_name END,
  CASE WHEN l.id IS NULL OR l.system THEN '' ELSE l.email END
FROM (SELECT DISTINCT labeler_id FROM m) ids
LEFT JOIN labelers l ON l.id = ids.labeler_id
ORDER BY ids.labeler_id`;

async function open(file) {
  const instance = await DuckDBInstance.create(file, { threads: '2' });
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return connection;
}

async function load() {
  const tmp = `${args.db}.tmp`;
  for (const file of [tmp, `${tmp}.wal`]) fs.rmSync(file, { force: true });
  const db = await open(tmp);
  await db.run(LOAD(args.events));
  const catalog = JSON.parse(fs.readFileSync(args.catalog, 'utf8'));
  await db.run(`CREATE TABLE projects (id VARCHAR, workspace_id VARCHAR, name VARCHAR,
    type VARCHAR)`);
  await db.run(`CREATE TABLE labelers (id VARCHAR, display_name VARCHAR, email VARCHAR,
    system BOOLEAN)`);
  for (const p of catalog.projects ?? []) {
    await db.run('INSERT INTO projects VALUES ($1, $2, $3, $4)',
      [p.id, p.workspaceId, p.name, p.type]);
  }
  for (const l of catalog.labelers ?? []) {
    await db.run('INSERT INTO labelers VALUES ($1, $2, $3, $4)',
      [l.id, l.displayName, l.email, l.system]);
  }
  const count = (await db.runAndReadAll('SELECT count(*)::DOUBLE FROM events')).getRowsJS()[0][0];
  await db.run('CHECKPOINT');
  db.closeSync();
  fs.renameSync(tmp, args.db);
  console.log(JSON.stringify({ events: count, bytes: fs.statSync(args.db).size }));
}

function parameters(query) {
  const start = [query.startDate || HISTORY_START, HISTORY_START].sort()[1];
  const end = query.endDate || new Date().toISOString().slice(0, 10);
  return {
    ws: query.workspace, start, end, projects: query.projectId ?? [], users: query.userId ?? [],
  };
}

// One statement set: the REST-shaped answer of `query`.
async function run(db, query) {
  const p = parameters(query);
  await db.run(MATCHING, { ...p, projects: listValue(p.projects), users: listValue(p.users) },
    { ws: VARCHAR, start: VARCHAR, end: VARCHAR, projects: LIST(VARCHAR), users: LIST(VARCHAR) });
  const pairs = (await db.runAndReadAll(PAIRS, { ws: p.ws })).getRowsJS();
  const t = (await db.runAndReadAll(TOTALS)).getRowsJS()[0];
  const labelers = (await db.runAndReadAll(LABELERS)).getRowsJS();
  return {
    data: pairs.map((r) => ({
      projectId: r[0], projectName: r[1], projectType: r[2], workspaceId: p.ws,
      labelerId: r[3], imagesLabeled: r[4], boxesDrawn: r[7] - r[8], boxesAdded: r[7],
      boxesRemoved: r[8], boxesUpdated: r[9], netBoxesAdded: r[7] - r[8],
      netBoxesUpdated: r[9], markedNull: r[5], modelAssisted: r[6], approved: r[10],
      rejected: r[11], approvalRate: r[12],
    })),
    labelers: labelers.map((r) => ({ id: r[0], displayName: r[1], email: r[2] })),
    stats: {
      numImagesLabeled: t[0], numImagesMarkedNull: t[1], totalImagesUsingModelAssist: t[2],
      numBoxesAdded: t[3], numBoxesRemoved: t[4], numBoxesUpdated: t[5],
      numBoxesDrawn: t[3] - t[4], netBoxesAdded: t[3] - t[4], netBoxesUpdated: t[5],
      approvalRate: t[6],
    },
  };
}

async function timed(db, query) {
  const start = performance.now();
  const answer = await run(db, query);
  return [answer, performance.now() - start];
}

async function answer() {
  const db = await open(args.db);
  fs.mkdirSync(args.out, { recursive: true });
  const times = {};
  for (const query of JSON.parse(fs.readFileSync(args.queries, 'utf8'))) {
    const [result, ms] = await timed(db, query);
    times[query.name] = ms;
    fs.writeFileSync(path.join(args.out, `${query.name}.json`), JSON.stringify(result, null, 1));
  }
  console.log(JSON.stringify(times));
}

async function time() {
  const db = await open(args.db);
  const runs = Number(args.runs);
  const budgetMs = Number(args.budget) * 1000;
  const times = {};
  for (const query of JSON.parse(fs.readFileSync(args.queries, 'utf8'))) {
    const list = (times[query.name] = []);
    const spent = () => list.reduce((a, b) => a + b, 0);
    while (list.length < runs && (list.length === 0 || spent() + list.at(-1) <= budgetMs)) {
      list.push((await timed(db, query))[1]);
    }
  }
  console.log(JSON.stringify(times));
}

const commands = { load, answer, time };
if (!commands[positionals[0]]) {
  console.error('usage: baseline_duckdb.mjs load|answer|time --tools DIR ...');
  process.exit(2);
}
await commands[positionals[0]]();
