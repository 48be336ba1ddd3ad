// Read access to the published snapshot. Each snapshot is attached READ_ONLY to its own in-memory
// DuckDB; a newer publish is picked up by watching `current.duckdb`, and the old snapshot is closed
// only when the last request using it has finished, so a switch never fails a request in flight.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBValue } from '@duckdb/node-api';
import type { DataPaths } from '../pipelines/config.ts';
import { errors } from './messages.ts';
import { BoundedMap } from './bounded-map.ts';

export type Params = Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;
/** A person's home (latest regular posting), as in the `staff_home` table. */
export interface Home {
  unit_id: string | null;
  unit_name: string | null;
  district: string | null;
}

/** Connections per snapshot: DuckDB runs one query at a time per connection. */
const poolSize = 4;
/** Query results kept per snapshot: a snapshot never changes, so a cached answer never goes stale. */
const cacheEntries = 2000;
/**
 * Prepared statements kept per connection (least recently used dropped first): a profile runs the
 * same dozen lookups for every person, and parsing and planning them again cost ~1 ms each.
 */
const statementsPerConnection = 256;

export class Snapshot {
  private refs = 0;
  private retired = false;
  private free: DuckDBConnection[] = [];
  private waiting: ((c: DuckDBConnection) => void)[] = [];
  private cache = new BoundedMap<string, Row[]>(cacheEntries);
  private statements = new Map<DuckDBConnection, Map<string, DuckDBPreparedStatement>>();
  /** Units of each materialised scope (the rows of `scope_units`), for checks that need no query. */
  private scopeUnits = new Map<string, Set<string>>();
  /**
   * `staff_home` in memory (staff_id → home), read once at open: a profile or a decision checks one
   * person's scope and home without a query.
   */
  homes = new Map<string, Home>();
  /** Column names of every table in the snapshot (`wh.<table>`). */
  columns = new Map<string, string[]>();
  /** Columns of JSON type per table: sent to clients as structures, not as text. */
  jsonColumns = new Map<string, Set<string>>();
  /** Data type of every column per table (DuckDB's names: VARCHAR, DATE, JSON, VARCHAR[] …). */
  types = new Map<string, Map<string, string>>();
  private closers: (() => void)[] = [];
  runId = '';
  asOf = '';
  /** The snapshot its run compared with (`changes`): null for a first refresh, undefined when the snapshot does not say (older ones). */
  previousRunId: string | null | undefined = undefined;

  private constructor(
    readonly file: string,
    readonly ino: number,
    private instance: DuckDBInstance,
  ) {}

  static async open(file: string, ino: number): Promise<Snapshot> {
    // One thread per query: the API's queries are mostly point lookups run side by side on the pool's
    // connections, which keep both cores busy; splitting each over two threads only added hand-offs
    // (national, 50 profiles at a time: ~16 ms each instead of ~18–26; the due-list replay and the
    // structure page measured the same).
    const instance = await DuckDBInstance.create(':memory:', {
      threads: '1',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const snap = new Snapshot(file, ino, instance);
    for (let i = 0; i < poolSize; i++) snap.free.push(await instance.connect());
    const conn = snap.free[0];
    await conn.run(`attach '${file.replaceAll("'", "''")}' as wh (read_only)`);
    const cols = (await conn.runAndReadAll(
      `select table_name, list(column_name order by column_index) as cols, list(data_type order by column_index) as types
       from duckdb_columns() where database_name = 'wh' and schema_name = 'main' group by 1`,
    )).getRowObjectsJson() as { table_name: string; cols: string[]; types: string[] }[];
    for (const c of cols) {
      snap.columns.set(c.table_name, c.cols);
      snap.types.set(c.table_name, new Map(c.cols.map((col, i) => [col, c.types[i]])));
      snap.jsonColumns.set(c.table_name, new Set(c.cols.filter((_, i) => c.types[i] === 'JSON')));
    }
    if (snap.columns.has('pipeline_run')) {
      // previous_run_id: only in snapshots written since it was recorded
      const hasPrevious = snap.columns.get('pipeline_run')!.includes('previous_run_id');
      const run = (await conn.runAndReadAll(`select run_id, strftime(as_of, '%Y-%m-%d') as as_of${hasPrevious ? ', previous_run_id' : ''} from wh.pipeline_run limit 1`)).getRowObjectsJson()[0] as
        | { run_id: string; as_of: string; previous_run_id?: string | null }
        | undefined;
      snap.runId = run?.run_id ?? '';
      snap.asOf = run?.as_of ?? '';
      if (hasPrevious) snap.previousRunId = run?.previous_run_id ?? null;
    }
    await buildDimensions(conn, snap);
    return snap;
  }

  /** Rows with the table's JSON columns parsed (new objects: cached rows are never modified). */
  parseJson<T extends Row>(table: string, rows: T[]): T[] {
    const json = this.jsonColumns.get(table);
    if (!json || json.size === 0) return rows;
    return rows.map((r) => {
      const out: Row = { ...r };
      for (const c of json) {
        const v = out[c];
        if (typeof v === 'string') {
          try {
            out[c] = JSON.parse(v);
          } catch {
            // not JSON after all: keep the text
          }
        }
      }
      return out as T;
    });
  }

  has(table: string, column?: string): boolean {
    const cols = this.columns.get(table);
    return !!cols && (!column || cols.includes(column));
  }

  /**
   * Rows as JSON-safe values. `cache`: keep the answer for this snapshot. `json`: parse that table's
   * JSON columns (before caching, so a cached read does not parse again).
   */
  async all<T = Row>(sql: string, params: Params = {}, opts: { cache?: boolean; json?: string } = {}): Promise<T[]> {
    const key = opts.cache ? (opts.json ?? '') + '\u0000' + sql + '\u0000' + JSON.stringify(params) : '';
    if (key) {
      const hit = this.cache.get(key);
      if (hit) return hit as T[];
    }
    const conn = await this.acquire();
    try {
      let reader;
      if (Object.keys(params).length) {
        const stmt = await this.statement(conn, sql);
        stmt.clearBindings();
        stmt.bind(params);
        reader = await stmt.runAndReadAll();
      } else {
        reader = await conn.runAndReadAll(sql);
      }
      const read = reader.getRowObjectsJson() as Row[];
      const rows = (opts.json ? this.parseJson(opts.json, read) : read) as T[];
      if (key) {
        this.cache.set(key, rows as Row[]);
      }
      return rows;
    } finally {
      this.release(conn);
    }
  }

  /** The connection's prepared statement for `sql` (bound values are set by the caller). */
  private async statement(conn: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
    let kept = this.statements.get(conn);
    if (!kept) this.statements.set(conn, (kept = new Map()));
    let stmt = kept.get(sql);
    if (stmt) {
      kept.delete(sql);
    } else {
      stmt = await conn.prepare(sql);
      if (kept.size >= statementsPerConnection) {
        const [oldest, old] = kept.entries().next().value!;
        kept.delete(oldest);
        old.destroySync();
      }
    }
    kept.set(sql, stmt);
    return stmt;
  }

  /**
   * Materialises the set of units a scope may see (each listed unit with its whole subtree)
   * once per snapshot, as rows of `scope_units` under `key`.
   */
  async ensureScope(key: string, unitIds: string[]): Promise<Set<string>> {
    const have = this.scopeUnits.get(key);
    if (have) return have;
    const conn = await this.acquire();
    try {
      // Checked again: another request may have materialised it while this one waited.
      const again = this.scopeUnits.get(key);
      if (again) return again;
      await conn.run(
        `insert into scope_units
         with recursive sub(unit_id) as (
           select unit_id from unit_dim where unit_id in (select unnest(from_json($ids, '["VARCHAR"]')))
           union
           select c.unit_id from unit_dim c join sub on c.parent_id = sub.unit_id
         )
         select distinct $key, unit_id from sub`,
        { ids: JSON.stringify(unitIds), key },
      );
      const units = (await conn.runAndReadAll(`select unit_id from scope_units where scope_key = $key`, { key })).getRowObjectsJson() as { unit_id: string }[];
      const set = new Set(units.map((u) => u.unit_id));
      this.scopeUnits.set(key, set);
      return set;
    } finally {
      this.release(conn);
    }
  }

  private acquire(): Promise<DuckDBConnection> {
    const c = this.free.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(c: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.free.push(c);
  }

  retain(): void {
    this.refs++;
  }

  unretain(): void {
    this.refs--;
    if (this.retired && this.refs === 0) this.close();
  }

  retire(): void {
    this.retired = true;
    if (this.refs === 0) this.close();
  }

  /** Runs `fn` when the snapshot closes (after its last request). */
  onClose(fn: () => void): void {
    this.closers.push(fn);
  }

  private close(): void {
    for (const fn of this.closers) fn();
    for (const c of this.free) c.closeSync();
    this.free = [];
    this.instance.closeSync();
  }
}

/**
 * Per-snapshot helper tables in memory: every unit with its district resolved up the tree, and
 * every person's home unit (latest regular posting), which is what scoping filters on.
 */
async function buildDimensions(conn: DuckDBConnection, snap: Snapshot): Promise<void> {
  await conn.run(`create table scope_units (scope_key varchar, unit_id varchar)`);
  // The snapshot's own rule parameters, under the name the SQL models use.
  if (snap.has('rule_params')) await conn.run(`create macro param(r, p) as (select any_value(value) from wh.rule_params where rule_id = r and param = p)`);
  if (!snap.has('units')) {
    await conn.run(`create table unit_dim (unit_id varchar, unit_name varchar, unit_type varchar, parent_id varchar, district varchar)`);
  } else {
    await conn.run(`
      create table unit_dim as
      with recursive up(unit_id, anc_id, parent_id, district, depth) as (
        select unit_id, unit_id, parent_id, district, 0 from wh.units
        union all
        select up.unit_id, p.unit_id, p.parent_id, p.district, up.depth + 1
        from up join wh.units p on p.unit_id = up.parent_id
        where up.district is null and up.depth < 50
      ),
      resolved as (
        select unit_id, arg_min(district, depth) filter (where district is not null) as district from up group by unit_id
      )
      select u.unit_id, u.unit_name, u.unit_type, u.parent_id, r.district
      from wh.units u left join resolved r using (unit_id)`);
  }
  const postingType = snap.has('posting_history', 'posting_type') ? `coalesce(posting_type, '任职') = '任职'` : 'true';
  const staffName = snap.has('staff', 'name') ? 's.name' : 'null::varchar';
  if (snap.has('staff', 'unit_id')) {
    // The staff mart carries each person's current unit (computed once, in the pipeline).
    await conn.run(`
      create table staff_home as
      select s.staff_id, ${staffName} as name, s.unit_id, d.unit_name, d.district
      from wh.staff s left join unit_dim d on d.unit_id = s.unit_id`);
  } else if (snap.has('staff') && snap.has('posting_history')) {
    await conn.run(`
      create table staff_home as
      with latest as (
        select staff_id, unit_id,
               row_number() over (partition by staff_id order by end_date is null desc, end_date desc, start_date desc) as rn
        from wh.posting_history where ${postingType}
      )
      select s.staff_id, ${staffName} as name, l.unit_id, d.unit_name, d.district
      from wh.staff s
      left join latest l on l.staff_id = s.staff_id and l.rn = 1
      left join unit_dim d on d.unit_id = l.unit_id`);
  } else {
    await conn.run(`create table staff_home (staff_id varchar, name varchar, unit_id varchar, unit_name varchar, district varchar)`);
  }
  await conn.run(`create index staff_home_id on staff_home (staff_id)`);
  // One JSON text rather than 10^5–10^6 row objects: converting rows one by one took ~15 s nationally.
  const text = (await conn.runAndReadAll(`select to_json(list([staff_id, unit_id, unit_name, district])) as j from staff_home`)).getRowObjectsJson()[0]?.j;
  const homes = (typeof text === 'string' ? JSON.parse(text) : []) as ([string, string | null, string | null, string | null] | null)[] | null;
  // A home is a unit's: people of one unit share one object (10^5 people, 10^3 units).
  const shared = new Map<string, Home>();
  for (const h of homes ?? []) {
    if (!h || snap.homes.has(h[0])) continue;
    const key = `${h[1]}\u0001${h[2]}\u0001${h[3]}\u0001${h[1] === null ? 1 : 0}${h[2] === null ? 1 : 0}${h[3] === null ? 1 : 0}`;
    let home = shared.get(key);
    if (!home) shared.set(key, (home = { unit_id: h[1], unit_name: h[2], district: h[3] }));
    snap.homes.set(h[0], home);
  }
}

/** The current snapshot, switched when `current.duckdb` changes. */
export class Warehouse {
  private current?: Snapshot;
  private loading?: Promise<void>;
  private timer?: NodeJS.Timeout;

  /** `onOpen` runs for every snapshot opened, before it serves (e.g. to start building caches of it). */
  constructor(
    private paths: DataPaths,
    private onOpen: (s: Snapshot) => void = () => {},
  ) {}

  /** Opens the current snapshot if it changed since the last look. Safe to call at any time. */
  async refresh(): Promise<void> {
    if (this.loading) return this.loading;
    // The common case, checked without touching the snapshots folder: nothing was published.
    try {
      if (this.current && fs.statSync(this.paths.current).ino === this.current.ino) return;
    } catch {
      return;
    }
    this.loading = (async () => {
      const found = locateCurrent(this.paths);
      if (!found || found.ino === this.current?.ino) return;
      const next = await Snapshot.open(found.file, found.ino);
      this.onOpen(next);
      const old = this.current;
      this.current = next;
      old?.retire();
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Watches for a newly published snapshot every `ms` milliseconds. */
  watch(ms = 1000): void {
    this.timer = setInterval(() => {
      this.refresh().catch((e) => console.error('snapshot switch failed:', (e as Error).message));
    }, ms);
    this.timer.unref();
  }

  get snapshot(): Snapshot | undefined {
    return this.current;
  }

  /** Runs `fn` on the current snapshot, which stays open until `fn` has finished. */
  async use<T>(fn: (s: Snapshot) => Promise<T>): Promise<T> {
    if (!this.current) await this.refresh();
    const snap = this.current;
    if (!snap) throw errors.noSnapshot();
    snap.retain();
    try {
      return await fn(snap);
    } finally {
      snap.unretain();
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.current?.retire();
    this.current = undefined;
  }
}

/**
 * The snapshot file `current.duckdb` points at. Attaching the snapshot's own file (same inode)
 * rather than the link means a later switch cannot change what an open snapshot reads.
 */
function locateCurrent(paths: DataPaths): { file: string; ino: number } | undefined {
  let ino: number;
  try {
    ino = fs.statSync(paths.current).ino;
  } catch {
    return undefined;
  }
  try {
    for (const f of fs.readdirSync(paths.snapshots)) {
      if (!f.endsWith('.duckdb')) continue;
      const file = path.join(paths.snapshots, f);
      if (fs.statSync(file).ino === ino) return { file, ino };
    }
  } catch {
    // no snapshots folder: a hand-placed current.duckdb
  }
  return { file: paths.current, ino };
}
