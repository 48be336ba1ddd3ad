// Runs the SQL models: staging → intermediate → marts, each file one `select` whose result
// becomes the table named after the file. Within a layer, a model runs after the models it
// reads (found from `from x` / `join x`), so file names need no numbering.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db.ts';
import { laneConnections, runInLanes } from '../lanes.ts';
import { dropSource } from '../load.ts';

export const layers = ['staging', 'intermediate', 'marts'] as const;
export type Layer = (typeof layers)[number];

export interface Model {
  name: string;
  layer: Layer;
  file: string;
  sql: string;
  deps: string[];
  /** Every table named after from/join, models or not (src_ tables among them). */
  reads: string[];
  /** Reads the previous published snapshot (schema `prev`): runs after every other model. */
  readsPrevious: boolean;
}

const modelsDir = path.dirname(fileURLToPath(import.meta.url));

export function loadModels(dir = modelsDir): Model[] {
  const found: Omit<Model, 'deps' | 'reads'>[] = [];
  for (const layer of layers) {
    const layerDir = path.join(dir, layer);
    if (!fs.existsSync(layerDir)) continue;
    for (const f of fs.readdirSync(layerDir).filter((x) => x.endsWith('.sql')).sort()) {
      const sql = fs.readFileSync(path.join(layerDir, f), 'utf8');
      found.push({ name: f.replace(/\.sql$/, ''), layer, file: path.join(layerDir, f), sql, readsPrevious: /\bprev\.\w+/i.test(stripComments(sql)) });
    }
  }
  const names = new Set(found.map((m) => m.name));
  const models = found.map((m) => {
    const refs = [...stripComments(m.sql).matchAll(/\b(?:from|join)\s+([a-z_][a-z0-9_]*)\b(?!\s*\()/gi)].map((x) => x[1].toLowerCase());
    return { ...m, reads: [...new Set(refs.filter((r) => r !== m.name))], deps: [...new Set(refs.filter((r) => names.has(r) && r !== m.name))] };
  });
  return order(models);
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Layer order first, then dependencies; a cycle or a backwards reference is an error. */
function order(models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: Model[] = [];
  const visit = (m: Model) => {
    if (done.has(m.name)) return;
    if (visiting.has(m.name)) throw new Error(`model dependency cycle at ${m.name}`);
    visiting.add(m.name);
    for (const d of m.deps) {
      const dep = byName.get(d)!;
      if (layers.indexOf(dep.layer) > layers.indexOf(m.layer)) {
        throw new Error(`model ${m.name} (${m.layer}) reads ${dep.name} (${dep.layer}): data flows forward only`);
      }
      visit(dep);
    }
    visiting.delete(m.name);
    done.add(m.name);
    out.push(m);
  };
  // Within a layer, the models reading source or staging tables go first (after their dependencies): the
  // sooner their last reader has run, the sooner those copies of the source rows are dropped.
  const readsScratch = (m: Model) => m.reads.some((t) => /^(src|stg)_/.test(t));
  for (const layer of layers) {
    const inLayer = models.filter((x) => x.layer === layer);
    for (const m of [...inLayer.filter(readsScratch), ...inLayer.filter((x) => !readsScratch(x))]) visit(m);
  }
  // Models reading the previous snapshot go last, so that every table they compare exists.
  return [...out.filter((m) => !m.readsPrevious), ...out.filter((m) => m.readsPrevious)];
}

/**
 * The models reading each source (src_) or staging (stg_) table: once all of them have run, the table is
 * dropped, so that a national run holds fewer copies of the source rows (the memory limit otherwise
 * spills tables to disk). Both are scratch, never published, and nothing after the models reads them;
 * intermediates stay (tests read them).
 */
export function scratchReaders(models: Model[]): Map<string, Set<string>> {
  const readers = new Map<string, Set<string>>();
  for (const m of models) for (const t of m.reads) if (/^(src|stg)_/.test(t)) readers.set(t, (readers.get(t) ?? new Set()).add(m.name));
  return readers;
}

export interface RunModelsOptions {
  /** Models run side by side, each on its own connection (DuckDB's threads are shared among them). */
  lanes: number;
  /** Before each model starts: how many have finished. */
  onStart?: (m: Model, done: number) => void;
  /** Runs once, before the first model reading the previous snapshot (after every other model). */
  beforePrevious?: () => Promise<void>;
}

/**
 * Runs every model once its dependencies have, up to `lanes` at a time (runInLanes), in the order given
 * where several are ready. A failure lets the running ones finish, starts no more, and is thrown.
 */
export async function runModels(db: Db, models: Model[], opts: RunModelsOptions): Promise<ModelTiming[]> {
  // a scratch table is dropped once its last reader has run
  const unread = new Map([...scratchReaders(models)].map(([table, by]) => [table, by.size]));
  const timings: ModelTiming[] = [];
  let finished = 0;
  let previous: Promise<void> | undefined;
  const { conns, close } = await laneConnections(db, opts.lanes);
  try {
    // Models state their order with ORDER BY where it matters; unordered writes take less memory.
    for (const c of conns) await c.run(`set session preserve_insertion_order = false`);
    await runInLanes(
      conns,
      models.map((m) => ({
        name: m.name,
        after: m.readsPrevious ? models.filter((x) => !x.readsPrevious).map((x) => x.name) : m.deps,
        run: async (conn) => {
          if (m.readsPrevious) await (previous ??= opts.beforePrevious?.() ?? Promise.resolve());
          opts.onStart?.(m, finished);
          timings.push(await runModel(conn, m));
          // Dropped before the model counts as done: what starts next may use this connection (beforePrevious).
          for (const table of m.reads) {
            const left = unread.get(table);
            if (left === undefined) continue;
            unread.set(table, left - 1);
            if (left === 1) await (table.startsWith('src_') ? dropSource(conn, table) : conn.run(`drop table if exists ${table}`));
          }
          finished++;
        },
      })),
    );
  } finally {
    for (const c of conns) await c.run(`reset session preserve_insertion_order`).catch(() => {});
    close();
  }
  return timings;
}

export interface ModelTiming {
  name: string;
  ms: number;
  rows: number;
}

export async function runModel(db: Db, m: Model): Promise<ModelTiming> {
  const t0 = performance.now();
  let rows: number;
  try {
    // CREATE TABLE AS answers with the row count it wrote
    const [written] = await db.all<{ Count: string }>(`create or replace table ${m.name} as\n${m.sql.trim().replace(/;\s*$/, '')}`);
    rows = Number(written?.Count ?? 0);
  } catch (e) {
    throw new Error(`SQL model ${m.layer}/${m.name}.sql failed: ${(e as Error).message}`);
  }
  return { name: m.name, ms: performance.now() - t0, rows };
}
