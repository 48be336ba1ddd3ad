// One refresh: read → validate → rules → models → publish. Everything happens in a private
// work database; users keep reading the current snapshot until the final rename.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { Db, lit } from './db.ts';
import { dataPaths, todayInShanghai, type DataPaths } from './config.ts';
import { loadSources, type FileReport } from './load.ts';
import { writeRules, readOverrides, paramValue } from './rules/index.ts';
import { loadModels, runModel, type ModelTiming } from './models/run.ts';
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
  // commit is an fsync, which made a city refresh several times slower. Set DUIWU_WORK_ON_DISK to debug.
  const db = await Db.open(process.env.DUIWU_WORK_ON_DISK ? workFile : ':memory:', { memoryLimit: process.env.DUIWU_MEMORY_LIMIT ?? '4GB', tempDirectory: path.join(paths.work, 'spill') });
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
    await db.run(`create table run_context as select ${lit(runId)} as run_id, ${lit(asOf)}::date as as_of`);
    await db.run(`create macro as_of() as (select as_of from run_context)`);
    await db.run(`create macro run_id() as (select run_id from run_context)`);

    const loaded = await timed('read', () =>
      loadSources(db, opts.input, {
        runId,
        secretKeyFile: paths.secretKey,
        rejectsFile: path.join(paths.warehouse, 'runs', `${runId}.rejects.json`),
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
      await attachPrevious(db, paths);
      await loadPoolMembers(db, paths.appDb);
      const models = loadModels();
      let i = 0;
      for (const m of models) {
        progress({ stage: 'models', done: i++, total: models.length, label: m.name });
        if (m.readsPrevious) await fillMissingPrevious(db);
        result.models.push(await runModel(db, m));
      }
      progress({ stage: 'models', done: models.length, total: models.length });
    });

    result.summary = await summarize(db);
    result.finishedAt = new Date().toISOString();
    await writeRunTable(db, result, loaded.files);
    await db.run(`detach prev`);
    await db.run(`drop macro if exists as_of; drop macro if exists run_id`);
    result.snapshot = await timed('publish', async () => {
      progress({ stage: 'publish', done: 0, total: 1 });
      const file = await publish(db, paths, runId, paramValue<number>('pipeline', 'snapshot_retention', overrides), () => pauseForTests('switch'));
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
    db.close();
    fs.rmSync(workFile, { force: true });
    fs.rmSync(`${workFile}.wal`, { force: true });
    writeRunLog(paths, result);
    release();
  }
}

/** The previous published snapshot as schema `prev`, for models that report what changed. */
async function attachPrevious(db: Db, paths: DataPaths): Promise<void> {
  if (fs.existsSync(paths.current)) await db.run(`attach ${lit(paths.current)} as prev (read_only)`);
  else await db.run(`attach ':memory:' as prev`);
}

/** With no previous snapshot (or an older one lacking a table), compare against empty tables. */
async function fillMissingPrevious(db: Db): Promise<void> {
  const missing = await db.all<{ table_name: string }>(
    `select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'main'
     except select table_name from duckdb_tables() where database_name = 'prev'`,
  );
  if (missing.length === 0) return;
  const readOnly = await db.value<boolean>(`select readonly from duckdb_databases() where database_name = 'prev'`);
  if (readOnly) {
    // An older snapshot lacks a table: shadow it with a fresh in-memory prev holding copies.
    await db.run(`attach ':memory:' as prev_fill`);
    const present = await db.all<{ table_name: string }>(`select table_name from duckdb_tables() where database_name = 'prev'`);
    for (const t of present) await db.run(`create table prev_fill."${t.table_name}" as select * from prev."${t.table_name}"`);
    await db.run(`detach prev`);
    await db.run(`attach ':memory:' as prev`);
    for (const t of present) await db.run(`create table prev."${t.table_name}" as select * from prev_fill."${t.table_name}"`);
    await db.run(`detach prev_fill`);
  }
  for (const t of missing) await db.run(`create table if not exists prev."${t.table_name}" as select * from main."${t.table_name}" limit 0`);
}

async function summarize(db: Db): Promise<SummaryLine[]> {
  const lines: SummaryLine[] = [];
  for (const q of summaryQueries) {
    const rows = await db.all<{ label: string; value: number | string }>(q.sql);
    for (const r of rows) lines.push({ section: q.section, label: r.label, value: r.value });
  }
  return lines;
}

async function writeRunTable(db: Db, r: RefreshResult, files: FileReport[]): Promise<void> {
  const rowCounts: Record<string, number> = {};
  for (const m of r.models) rowCounts[m.name] = m.rows;
  for (const f of files) rowCounts[`src_${f.entity}`] = (rowCounts[`src_${f.entity}`] ?? 0) + f.rowsLoaded;
  await db.run(
    `create or replace table pipeline_run as select $1 as run_id, $2::date as as_of, $3::timestamptz as started_at, $4::timestamptz as finished_at,
       'published' as status, $5::json as source_files, $6::json as row_counts, $7::json as summary, $8::json as stage_ms`,
    [r.runId, r.asOf, r.startedAt, r.finishedAt, JSON.stringify(files), JSON.stringify(rowCounts), JSON.stringify(r.summary), JSON.stringify(r.stages)],
  );
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
    if (pid && pid !== process.pid && isAlive(pid)) throw new PipelineError('busy', `另一个刷新正在进行（进程 ${pid}），请稍后再试`);
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
