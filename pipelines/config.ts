// Where everything lives. Read once; every other module asks here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Committed reference data (major catalogue, ladders): always the repository's, whatever DUIWU_DATA_DIR says. */
export const referenceDir = path.join(repoRoot, 'data', 'reference');

export interface DataPaths {
  root: string;
  inbox: string;
  demo: string;
  uploads: string;
  warehouse: string;
  snapshots: string;
  work: string;
  current: string;
  appDb: string;
  secretKey: string;
  ruleOverrides: string;
}

export function dataPaths(root = process.env.DUIWU_DATA_DIR || path.join(repoRoot, 'data')): DataPaths {
  const abs = path.resolve(root);
  const warehouse = path.join(abs, 'warehouse');
  return {
    root: abs,
    inbox: path.join(abs, 'inbox'),
    demo: path.join(abs, 'demo'),
    uploads: path.join(abs, 'uploads'),
    warehouse,
    snapshots: path.join(warehouse, 'snapshots'),
    work: path.join(warehouse, 'work'),
    current: path.join(warehouse, 'current.duckdb'),
    appDb: path.join(abs, 'app.duckdb'),
    secretKey: path.join(abs, 'secret.key'),
    ruleOverrides: path.join(abs, 'rules.json'),
  };
}

/** How a refresh uses the machine (engineering settings, not policy): read once from the environment. */
export const refreshSettings = {
  /** DuckDB's memory limit for the run's work database; past it, tables spill to warehouse/work/spill. */
  memoryLimit: process.env.DUIWU_MEMORY_LIMIT || '5GB',
  /**
   * Entities are checked, and SQL models run, side by side on this many connections: a city's are
   * small and partly single-threaded, and two at a time keep both cores busy (1: one by one). Three
   * took a city's models 1.4 → 1.25 s, but a national refresh's models 33–37 → 43 s and its checks
   * longer too: its statements are large, each already on both threads, and a third only competes.
   */
  lanes: Math.max(1, Number(process.env.DUIWU_LANES) || 2),
  /** The work database on disk instead of in memory (every statement's commit is then an fsync): for debugging. */
  workOnDisk: Boolean(process.env.DUIWU_WORK_ON_DISK),
};

/** Today's date in Asia/Shanghai as YYYY-MM-DD: the default as_of. */
export function todayInShanghai(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
