// Workbench for the models stage at scale, without the read stage each time.
//   build <input> <asOf> <work.duckdb>      read + rules + pool members into a DuckDB file, as refresh() does
//   run <work.duckdb> [--save out.duckdb] [--only a,b] [--from full.duckdb] [--explain]
//        runs every model (or only some, taking their inputs from a saved full run) in memory,
//        printing per-model timings; --save keeps every table of the run in a file
//   base <full.duckdb> <dir>                 every model table to <dir>/<table>.parquet
//   compare <full.duckdb> <dir> [tables]     rows of each model table that differ from the parquet baseline
// Not a test: a tool for the engineer measuring the models stage (issue 2).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { refreshSettings } from '../../pipelines/config.ts';
import { Db, ident, lit } from '../../pipelines/db.ts';
import { loadSources } from '../../pipelines/load.ts';
import { writeRules, paramValue } from '../../pipelines/rules/index.ts';
import { loadPoolMembers } from '../../pipelines/pool_members.ts';
import { loadModels, runModel, scratchReaders, type Model } from '../../pipelines/models/run.ts';

const [cmd, ...args] = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

async function context(db: Db, runId: string, asOf: string) {
  await db.run(`create or replace table run_context as select ${lit(runId)} as run_id, ${lit(asOf)}::date as as_of`);
  await db.run(`create or replace macro as_of() as (select as_of from run_context)`);
  await db.run(`create or replace macro run_id() as (select run_id from run_context)`);
}

async function tables(db: Db, database: string): Promise<string[]> {
  return (await db.all<{ t: string }>(`select table_name t from duckdb_tables() where database_name = $1 and schema_name = 'main' order by 1`, [database])).map((r) => r.t);
}

if (cmd === 'build') {
  const [input, asOf, file] = args;
  fs.rmSync(file, { force: true });
  const db = await Db.open(file, { memoryLimit: '5GB', tempDirectory: path.join(os.tmpdir(), 'natwork-spill') });
  const runId = 'WORKBENCH';
  await context(db, runId, asOf);
  const t0 = performance.now();
  await loadSources(db, input, { runId, secretKeyFile: path.join(os.tmpdir(), 'natwork.key'), maxRejectRatio: paramValue<number>('pipeline', 'max_reject_ratio', {}) });
  await writeRules(db, {});
  await loadPoolMembers(db, path.join(os.tmpdir(), 'natwork-no-app.duckdb'));
  await db.run('checkpoint');
  console.log(`built ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  db.close();
} else if (cmd === 'run') {
  const [file] = args;
  const only = flag('--only')?.split(',');
  const from = flag('--from');
  const save = flag('--save');
  const db = await Db.open(':memory:', { memoryLimit: refreshSettings.memoryLimit, tempDirectory: path.join(os.tmpdir(), 'natwork-spill') });
  const models = loadModels();
  const modelNames = new Set(models.map((m) => m.name));
  await db.run(`attach ${lit(file)} as w (read_only)`);
  const asOf = await db.value<string>(`select as_of::varchar from w.run_context`);
  const wanted = only ? models.filter((m) => only.includes(m.name)) : models;
  if (from) await db.run(`attach ${lit(from)} as f (read_only)`);
  const t0 = performance.now();
  const copied = new Set<string>();
  // With --only, copy just the inputs of the models being run: their model deps, sources if one is
  // staging, and the non-model tables (pool members, rejects …); models come from the saved full run.
  const needed = (t: string) => {
    if (t === 'run_context' || t === 'rule_params' || t.startsWith('ref_')) return false;
    if (!only) return true;
    if (modelNames.has(t)) return wanted.some((m) => m.deps.includes(t));
    if (t.startsWith('src_')) return wanted.some((m) => m.layer === 'staging');
    return true;
  };
  for (const database of from ? ['f', 'w'] : ['w']) {
    for (const t of await tables(db, database)) {
      if (copied.has(t) || !needed(t)) continue;
      await db.run(`create table ${ident(t)} as select * from ${database}.${ident(t)}`);
      copied.add(t);
    }
  }
  await db.run(`detach w`);
  if (from) await db.run(`detach f`);
  await context(db, 'WORKBENCH', asOf);
  await writeRules(db, {});
  console.log(`inputs copied in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await db.run(`set preserve_insertion_order = false`);
  let total = 0;
  let totalCpu = 0;
  let sourcesDropped = false;
  // Scratch tables go once their last reader (in this one-by-one order) has run.
  const scratchDone = new Map<string, string[]>();
  for (const [table, readers] of scratchReaders(models)) {
    const last = [...wanted].reverse().find((m) => readers.has(m.name));
    if (last) scratchDone.set(last.name, [...(scratchDone.get(last.name) ?? []), table]);
  }
  let prevReady = false;
  for (const m of wanted) {
    if (!only && m.layer !== 'staging' && !sourcesDropped) {
      for (const t of (await tables(db, 'memory')).filter((x) => x.startsWith('src_'))) await db.run(`drop table ${ident(t)}`);
      sourcesDropped = true;
    }
    if (m.readsPrevious && !prevReady) {
      await emptyPrevious(db, models);
      prevReady = true;
    }
    // --explain: DuckDB's JSON profile of the model (operator timings) to /tmp/plan-<model>.json
    if (args.includes('--explain')) {
      await db.run(`set enable_profiling = 'json'; set profiling_output = ${lit(path.join(os.tmpdir(), `plan-${m.name}.json`))}`);
      await db.run(`create or replace temp table explained as\n${m.sql.trim().replace(/;\s*$/, '')}`);
      await db.run(`set enable_profiling = 'no_output'; drop table explained`);
    }
    // CPU time too: on a shared machine it varies less than wall time
    const c0 = process.cpuUsage();
    const r = await runModel(db, m);
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1000;
    total += r.ms;
    totalCpu += cpu;
    if (!only && !args.includes('--keep-staging')) for (const t of scratchDone.get(m.name) ?? []) await db.run(`drop table if exists ${ident(t)}`);
    console.log(`${m.name.padEnd(32)} ${String(Math.round(r.ms)).padStart(7)} ms  cpu ${String(Math.round(cpu)).padStart(7)} ms ${String(r.rows).padStart(10)} rows`);
  }
  console.log(`${'total'.padEnd(32)} ${String(Math.round(total)).padStart(7)} ms  cpu ${String(Math.round(totalCpu)).padStart(7)} ms  peak RSS ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GiB`);
  if (save) {
    fs.rmSync(save, { force: true });
    await db.run(`detach database if exists prev`);
    await db.run(`attach ${lit(save)} as s`);
    for (const t of await tables(db, 'memory')) await db.run(`create table s.${ident(t)} as select * from memory.${ident(t)}`);
    await db.run(`detach s`);
  }
  db.close();
} else if (cmd === 'base' || cmd === 'compare') {
  const [file, dir] = args;
  const pick = args[2]?.split(',');
  const db = await Db.open(':memory:', { memoryLimit: '5GB' });
  await db.run(`attach ${lit(file)} as f (read_only)`);
  const names = new Set(loadModels().map((m) => m.name));
  const present = (await tables(db, 'f')).filter((t) => names.has(t) && (!pick || pick.includes(t)));
  fs.mkdirSync(dir, { recursive: true });
  let bad = 0;
  for (const t of present) {
    const p = lit(path.join(dir, `${t}.parquet`));
    if (cmd === 'base') {
      await db.run(`copy f.${ident(t)} to ${p} (format parquet)`);
      continue;
    }
    // Text of every column: lists and JSON compare by their text, so order inside them counts.
    const a = `select columns(*)::varchar from f.${ident(t)}`;
    const b = `select columns(*)::varchar from read_parquet(${p})`;
    const extra = await db.value<number>(`select count(*)::int from (${a} except all ${b})`);
    const missing = await db.value<number>(`select count(*)::int from (${b} except all ${a})`);
    if (extra || missing) bad++;
    console.log(`${t.padEnd(32)} ${extra || missing ? 'DIFFERS' : 'same'}  new-only ${extra}  base-only ${missing}`);
  }
  if (cmd === 'compare') console.log(bad ? `${bad} tables differ` : `all ${present.length} tables same`);
  db.close();
  if (bad) process.exitCode = 1;
} else {
  console.error('usage: models-workbench.ts build|run|base|compare …');
  process.exitCode = 2;
}

/** As refresh() sees a fresh data directory: no previous snapshot, so every prev table is empty. */
async function emptyPrevious(db: Db, models: Model[]) {
  const ts = [...new Set(models.filter((m) => m.readsPrevious).flatMap((m) => [...m.sql.matchAll(/\bprev\.(\w+)/gi)].map((x) => x[1].toLowerCase())))];
  await db.run(`attach ':memory:' as prev`);
  for (const t of ts.filter((x) => x !== 'pipeline_run')) await db.run(`create table prev.${ident(t)} as select * from memory.main.${ident(t)} limit 0`);
}
