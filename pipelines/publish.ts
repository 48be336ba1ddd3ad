// Publishing is the only moment users' view changes: the snapshot is written beside the live
// one under a temporary name, then `current.duckdb` is switched by one rename. A run that dies
// before the rename leaves at most a stray *.partial file, which the next run removes.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db.ts';
import { ident, lit } from './db.ts';
import type { DataPaths } from './config.ts';

/**
 * Tables of a run that never reach a snapshot: scratch (sources and their files' checked rows), staging
 * and intermediates. A snapshot holds the marts of data-contract.md: the intermediates are only the
 * marts' working steps, yet half the rows of a national run, and copying them doubled the publish time.
 */
export const scratchPrefixes = ['src_', 'stg_', 'tmp_'];
export const intermediatePrefix = 'int_';

/** `intermediates`: publish the int_ tables too (`pipeline --with-intermediates`, to explain a result). */
export async function publishedTables(db: Db, intermediates = false): Promise<string[]> {
  const rows = await db.all<{ table_name: string }>(
    `select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'main' order by table_name`,
  );
  return rows
    .map((r) => r.table_name)
    .filter((t) => !scratchPrefixes.some((p) => t.startsWith(p)) && (intermediates || !t.startsWith(intermediatePrefix)));
}

/**
 * The storage format snapshots are written in: DuckDB 1.3's compresses strings in one pass (dictionary
 * and FSST together) and took half the publish time of the default (0.10.2) format on a city's marts.
 * Snapshots then open in DuckDB 1.3 or newer, which outside tools reading them need (README).
 */
export const snapshotStorageVersion = 'v1.3.0';

export function snapshotPath(paths: DataPaths, runId: string): string {
  return path.join(paths.snapshots, `${runId}.duckdb`);
}

/** Copies the run's published tables into a new snapshot file and makes it current. */
export async function publish(
  db: Db,
  paths: DataPaths,
  runId: string,
  retention: number,
  beforeSwitch: () => Promise<void> = async () => {},
  opts: { intermediates?: boolean } = {},
): Promise<string> {
  fs.mkdirSync(paths.snapshots, { recursive: true });
  const final = snapshotPath(paths, runId);
  const partial = `${final}.partial`;
  fs.rmSync(partial, { force: true });
  await db.run(`attach ${lit(partial)} as snap (storage_version ${lit(snapshotStorageVersion)})`);
  try {
    // Person tables are ordered below; the others' row order means nothing, and unordered copies are cheaper.
    await db.run('set session preserve_insertion_order = false');
    // One transaction: a commit per table would mean a write-ahead-log sync per table.
    await db.run('begin transaction');
    const keyed = new Set(
      (await db.all<{ t: string }>(`select table_name t from duckdb_columns() where database_name = current_database() and schema_name = 'main' and column_name = 'staff_id'`)).map((r) => r.t),
    );
    for (const t of await publishedTables(db, opts.intermediates)) {
      // Person tables stored in staff_id order: a profile's lookups then skip most row groups.
      const order = keyed.has(t) ? ' order by staff_id' : '';
      await db.run(`create table snap.${ident(t)} as select * from main.${ident(t)}${order}`);
    }
    await db.run('commit');
    await db.run('checkpoint snap');
  } finally {
    await db.run(`detach snap`);
    await db.run('reset session preserve_insertion_order');
  }
  await beforeSwitch();
  fs.renameSync(partial, final);
  switchCurrent(paths, final);
  prune(paths, retention);
  return final;
}

/** Atomic on POSIX: readers see the old file or the new one, never a half-written one. */
export function switchCurrent(paths: DataPaths, snapshotFile: string): void {
  const tmp = `${paths.current}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.linkSync(snapshotFile, tmp);
  fs.renameSync(tmp, paths.current);
}

/** Keeps the newest `retention` snapshots (run ids sort by time) and never the current one's file. */
export function prune(paths: DataPaths, retention: number): void {
  const snaps = listSnapshots(paths);
  const currentIno = fs.existsSync(paths.current) ? fs.statSync(paths.current).ino : -1;
  for (const s of snaps.slice(0, Math.max(0, snaps.length - retention))) {
    const file = snapshotPath(paths, s);
    if (fs.statSync(file).ino === currentIno) continue;
    fs.rmSync(file, { force: true });
    // what the API derived from the snapshot (its profile documents) goes with it
    for (const f of fs.readdirSync(paths.snapshots)) if (f.startsWith(`${s}.`) && !f.endsWith('.duckdb')) fs.rmSync(path.join(paths.snapshots, f), { force: true });
  }
}

/** Run ids of the snapshots on disk, oldest first. */
export function listSnapshots(paths: DataPaths): string[] {
  if (!fs.existsSync(paths.snapshots)) return [];
  return fs
    .readdirSync(paths.snapshots)
    .filter((f) => f.endsWith('.duckdb'))
    .map((f) => f.replace(/\.duckdb$/, ''))
    .sort();
}

/** Leftovers of runs that were killed: partial snapshots and work databases. */
export function cleanLeftovers(paths: DataPaths): void {
  if (fs.existsSync(paths.snapshots)) {
    for (const f of fs.readdirSync(paths.snapshots)) if (f.endsWith('.partial') || f.endsWith('.partial.wal')) fs.rmSync(path.join(paths.snapshots, f), { force: true });
  }
  if (fs.existsSync(paths.warehouse)) {
    for (const f of fs.readdirSync(paths.warehouse)) if (f.endsWith('.tmp')) fs.rmSync(path.join(paths.warehouse, f), { force: true });
  }
}
