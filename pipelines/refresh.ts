// One refresh: read → validate → rules → models → publish. Everything happens in a private
// work database; users keep reading the current snapshot until the final rename.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { Db, ident, lit } from './db.ts';
import { dataPaths, refreshSettings, todayInShanghai, type DataPaths } from './config.ts';
import { loadSources, type FileReport } from './load.ts';
import { writeRules, readOverrides, paramValue } from './rules/index.ts';
import { loadModels, runModels, type Model, type ModelTiming } from './models/run.ts';
import { publish, cleanLeftovers, listSnapshots } from './publish.ts';
import { PipelineError, pipelineMessages, fill } from './messages.ts';
import { summaryQueries } from './summary.ts';
import { loadPoolMembers } from './pool_members.ts';

export type Stage = 'read' | 'validate' | 'rules' | 'models' | 'publish';
export const stages: Stage[] = ['read', 'validate', 'rules', 'models', 'publish'];

export interface Progress {
  stage: Stage;
  done: number;
  total: number;
  label?: string;
}

export interface RefreshOptions {
  input: string;
  asOf?: string;
  dataDir?: string;
  strict?: boolean;
  /** Publish the intermediate (int_) tables too: for analysts explaining a result, and the model tests. */
  withIntermediates?: boolean;
  onProgress?: (p: Progress) => void;
}

export interface StageTiming {
  stage: Stage;
  ms: number;
}

export interface SummaryLine {
  section: string;
  label: string;
  value: number | string;
}

export interface RefreshResult {
  runId: string;
  asOf: string;
  status: 'published' | 'failed';
  snapshot?: string;
  files: FileReport[];
  stages: StageTiming[];
  models: ModelTiming[];
  rejects: number;
  summary: SummaryLine[];
  error?: { code: string; message: string };
  startedAt: string;
  finishedAt: string;
}

export function newRunId(now = new Date()): string {
  const s = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }).format(now);
  return s.replace(/[-: ]/g, (c) => (c === ' ' ? 'T' : '')) + '-' + crypto.randomBytes(2).toString('hex');
}

export async function refresh(opts: RefreshOptions): Promise<RefreshResult> {
  const paths = dataPaths(opts.dataDir);
  const asOf = opts.asOf ?? todayInShanghai();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw new PipelineError('bad_as_of', fill(pipelineMessages.badAsOf, { value: asOf }));
  }
  if (!fs.existsSync(opts.input)) throw new PipelineError('no_input', fill(pipelineMessages.noInputDir, { dir: opts.input }));
  fs.mkdirSync(paths.work, { recursive: true });
  const release = lock(paths);
  cleanLeftovers(paths);

  const runId = newRunId();
  const startedAt = new Date().toISOString();
  const result: RefreshResult = { runId, asOf, status: 'failed', files: [], stages: [], models: [], rejects: 0, summary: [], startedAt, finishedAt: startedAt };
  const workFile = path.join(paths.work, `${runId}.duckdb`);
  // The work database is in memory (spilling to disk past the limit): on a file, every statement's
  // commit is an fsync, which made a city refresh several times slower.
  const db = await Db.open(refreshSettings.workOnDisk ? workFile : ':memory:', { memoryLimit: refreshSettings.memoryLimit, tempDirectory: path.join(paths.work, 'spill') });
  const progress = opts.onProgress ?? (() => {});
  const timed = async <T>(stage: Stage, fn: () => Promise<T>): Promise<T> => {
    await pauseForTests(stage);
    const t0 = performance.now();
    const out = await fn();
    result.stages.push({ stage, ms: performance.now() - t0 });
    return out;
  };
  try {
    const overrides = readOverrides(paths.ruleOverrides);
    // the snapshot this run compares with (changes): null when there was none
    let previousRunId: string | null = null;
    await db.run(`create table run_context as select ${lit(runId)} as run_id, ${lit(asOf)}::date as as_of`);
    await db.run(`create macro as_of() as (select as_of from run_context)`);
    await db.run(`create macro run_id() as (select run_id from run_context)`);

    const loaded = await timed('read', () =>
      loadSources(db, opts.input, {
        runId,
        secretKeyFile: paths.secretKey,
        maxRejectRatio: paramValue<number>('pipeline', 'max_reject_ratio', overrides),
        onProgress: (done, total, label) => progress({ stage: 'read', done, total, label }),
        onValidate: (done, total, label) => progress({ stage: 'validate', done, total, label }),
      }),
    );
    result.files = loaded.files;
    result.rejects = loaded.files.reduce((n, f) => n + f.rowsRejected, 0);
    if (opts.strict && result.rejects > 0) {
      throw new PipelineError('strict_rejects', fill(pipelineMessages.strictRejects, { rejected: result.rejects }));
    }

    await timed('rules', () => writeRules(db, overrides));

    await timed('models', async () => {
      await loadPoolMembers(db, paths.appDb);
      const models = loadModels();
      result.models = await runModels(db, models, {
        lanes: refreshSettings.lanes,
        onStart: (m, done) => progress({ stage: 'models', done, total: models.length, label: m.name }),
        beforePrevious: async () => {
          previousRunId = await preparePrevious(db, paths, models);
        },
      });
      progress({ stage: 'models', done: models.length, total: models.length });
    });

    result.summary = await summarize(db);
    result.finishedAt = new Date().toISOString();
    await writeRunTable(db, result, loaded.files, previousRunId);
    await db.run(`detach database if exists prev`);
    await db.run(`drop macro if exists as_of; drop macro if exists run_id`);
    result.snapshot = await timed('publish', async () => {
      progress({ stage: 'publish', done: 0, total: 1 });
      const file = await publish(db, paths, runId, paramValue<number>('pipeline', 'snapshot_retention', overrides), () => pauseForTests('switch'), { intermediates: opts.withIntermediates });
      progress({ stage: 'publish', done: 1, total: 1 });
      return file;
    });
    result.status = 'published';
    return result;
  } catch (e) {
    result.error = e instanceof PipelineError ? { code: e.code, message: e.message } : { code: 'internal', message: (e as Error).message };
    throw Object.assign(e as Error, { result });
  } finally {
    result.finishedAt = new Date().toISOString();
    // a run stopped by its rejects reports how many there were, as a published one does
    if (result.status !== 'published') result.rejects = (await keepRejects(db, paths, runId)) ?? result.rejects;
    db.close();
    fs.rmSync(workFile, { force: true });
    fs.rmSync(`${workFile}.wal`, { force: true });
    writeRunLog(paths, result);
    release();
  }
}

/**
 * The previous published snapshot as database `prev`, for the models that report what changed.
 * Only the tables those models read are copied, each projected onto this run's columns: a table or
 * column the previous snapshot lacks (first run, older snapshot) is empty or NULL, never an error.
 * Returns the previous snapshot's run id (null on a first refresh), which pipeline_run records.
 */
async function preparePrevious(db: Db, paths: DataPaths, models: Model[]): Promise<string | null> {
  const tables = [...new Set(models.filter((m) => m.readsPrevious).flatMap((m) => [...m.sql.matchAll(/\bprev\.(\w+)/gi)].map((x) => x[1].toLowerCase())))];
  const hasPrevious = fs.existsSync(paths.current);
  let previous: string | null = null;
  if (hasPrevious) await db.run(`attach ${lit(paths.current)} as prev_src (read_only)`);
  await db.run(`attach ':memory:' as prev`);
  try {
    // prev.pipeline_run exists exactly when there is a previous snapshot: models test for it.
    if (hasPrevious) await db.run(`create table prev.pipeline_run as select run_id, as_of from prev_src.pipeline_run`);
    previous = hasPrevious ? await db.value<string>(`select run_id from prev.pipeline_run`) : null;
    for (const t of tables.filter((x) => x !== 'pipeline_run')) {
      const cols = await db.all<{ column_name: string; data_type: string }>(
        `select column_name, data_type from duckdb_columns() where database_name = current_database() and schema_name = 'main' and table_name = $1 order by column_index`,
        [t],
      );
      if (cols.length === 0) throw new Error(`a model reads prev.${t}, but this run has no table ${t}`);
      const old = hasPrevious
        ? new Set((await db.all<{ c: string }>(`select column_name c from duckdb_columns() where database_name = 'prev_src' and table_name = $1`, [t])).map((r) => r.c))
        : new Set<string>();
      if (old.size === 0) {
        await db.run(`create table prev.${ident(t)} as select * from main.${ident(t)} limit 0`);
      } else {
        const select = cols.map((c) => (old.has(c.column_name) ? ident(c.column_name) : `cast(null as ${c.data_type}) as ${ident(c.column_name)}`));
        await db.run(`create table prev.${ident(t)} as select ${select.join(', ')} from prev_src.${ident(t)}`);
      }
    }
  } finally {
    if (hasPrevious) await db.run(`detach prev_src`);
  }
  return previous;
}

async function summarize(db: Db): Promise<SummaryLine[]> {
  const lines: SummaryLine[] = [];
  for (const q of summaryQueries) {
    const rows = await db.all<{ label: string; value: number | string }>(q.sql);
    for (const r of rows) lines.push({ section: q.section, label: r.label, value: r.value });
  }
  return lines;
}

async function writeRunTable(db: Db, r: RefreshResult, files: FileReport[], previousRunId: string | null): Promise<void> {
  const rowCounts: Record<string, number> = {};
  for (const m of r.models) rowCounts[m.name] = m.rows;
  for (const f of files) rowCounts[`src_${f.entity}`] = (rowCounts[`src_${f.entity}`] ?? 0) + f.rowsLoaded;
  await db.run(
    `create or replace table pipeline_run as select $1 as run_id, $2::date as as_of, $3::timestamptz as started_at, $4::timestamptz as finished_at,
       'published' as status, $5::json as source_files, $6::json as row_counts, $7::json as summary, $8::json as stage_ms, $9::varchar as previous_run_id`,
    [r.runId, r.asOf, r.startedAt, r.finishedAt, JSON.stringify(files), JSON.stringify(rowCounts), JSON.stringify(r.summary), JSON.stringify(r.stages), previousRunId],
  );
}

/** A run that publishes nothing still owes the analyst its rejected rows: they go beside its run record. */
async function keepRejects(db: Db, paths: DataPaths, runId: string): Promise<number | undefined> {
  try {
    if (!(await db.tableExists('rejects'))) return undefined;
    const dir = path.join(paths.warehouse, 'runs');
    fs.mkdirSync(dir, { recursive: true });
    await db.run(
      `copy (select file, sheet, row_number, column_name, value, code, message from rejects order by file, row_number)
       to ${lit(path.join(dir, `${runId}.rejects.json`))} (format json, array true)`,
    );
    return await db.value<number>(`select count(*)::int from rejects`);
  } catch {
    // the run's own error is what the user must see; a missing reject list must not mask it
  }
}

/** Every run, published or not, leaves a JSON record for the refresh history. */
function writeRunLog(paths: DataPaths, r: RefreshResult): void {
  const dir = path.join(paths.warehouse, 'runs');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${r.runId}.json`), JSON.stringify(r, null, 2));
}

/** One refresh at a time per data directory; a lock left by a dead process is taken over. */
function lock(paths: DataPaths): () => void {
  const file = path.join(paths.warehouse, 'refresh.lock');
  try {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) throw new PipelineError('busy', fill(pipelineMessages.busy, { pid }));
  } catch (e) {
    if (e instanceof PipelineError) throw e;
  }
  fs.writeFileSync(file, String(process.pid));
  return () => fs.rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Lets the publish-safety test kill a run at a chosen stage. */
async function pauseForTests(stage: Stage | 'switch'): Promise<void> {
  if (process.env.DUIWU_PAUSE_AT !== stage) return;
  process.stdout.write(`paused at ${stage}\n`);
  await new Promise((r) => setTimeout(r, 60_000));
}

export { listSnapshots };
