// The operational store (data/app.duckdb): everything users write. Reached only through Kysely
// with portable SQL (text keys, ISO text timestamps, no sequences) so PostgreSQL can replace
// DuckDB when several API replicas must share it. The API process is its only writer.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Kysely, Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { DuckDbDialect } from 'kysely-duckdb';

export type Role = 'hr' | 'leader' | 'analyst' | 'admin';
export const roles: Role[] = ['hr', 'leader', 'analyst', 'admin'];

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  /** JSON array of unit_ids; [] = the whole city. */
  scope: string;
  disabled: boolean;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  created_by: string | null;
  password_changed_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a stolen database does not yield live sessions. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export type DecisionKind = 'planned' | 'deferred' | 'exempt';

/** One row per decision ever taken; the current one for a key has superseded_at null. */
export interface RotationDecisionsTable {
  id: string;
  staff_id: string;
  rule_id: string;
  spell_start: string;
  decision: DecisionKind;
  target_unit_id: string | null;
  planned_date: string | null;
  reason: string | null;
  decided_by: string;
  decided_at: string;
  superseded_at: string | null;
}

/** Confirmed talent-pool membership; read by the pipeline's talent models (staff_id, pool, since, until, confirmed_by). */
export interface PoolMembersTable {
  id: string;
  staff_id: string;
  pool: string;
  since: string;
  until: string | null;
  confirmed_by: string;
  confirmed_at: string;
  ended_by: string | null;
  exit_reason: string | null;
  run_id: string | null;
}

export interface PoolEventsTable {
  id: string;
  staff_id: string;
  pool: string;
  action: 'enter' | 'exit';
  at: string;
  by_user: string;
  run_id: string | null;
  note: string | null;
}

export interface RefreshJobsTable {
  id: string;
  started_by: string;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'published' | 'failed';
  as_of: string | null;
  input_dir: string;
  run_id: string | null;
  /** JSON of the pipeline's RefreshResult (files, rejects, summary). */
  result: string | null;
  error: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  username: string;
  role: string;
  action: string;
  /** The one person read (a profile), else null. */
  staff_id: string | null;
  /** JSON array of the people a list page showed (exports: only the count is kept). */
  staff_ids: string | null;
  row_count: number | null;
  detail: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  rotation_decisions: RotationDecisionsTable;
  pool_members: PoolMembersTable;
  pool_events: PoolEventsTable;
  refresh_jobs: RefreshJobsTable;
  audit_log: AuditLogTable;
}

const migrations: Record<string, Migration> = {
  '001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'varchar', (c) => c.primaryKey())
        .addColumn('username', 'varchar', (c) => c.notNull().unique())
        .addColumn('password_hash', 'varchar', (c) => c.notNull())
        .addColumn('role', 'varchar', (c) => c.notNull())
        .addColumn('scope', 'varchar', (c) => c.notNull())
        .addColumn('disabled', 'boolean', (c) => c.notNull())
        .addColumn('failed_logins', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'varchar')
        .addColumn('created_at', 'varchar', (c) => c.notNull())
        .addColumn('created_by', 'varchar')
        .addColumn('password_changed_at', 'varchar', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'varchar', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar', (c) => c.notNull())
        .addColumn('created_at', 'varchar', (c) => c.notNull())
        .addColumn('expires_at', 'varchar', (c) => c.notNull())
        .addColumn('last_seen_at', 'varchar', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('rotation_decisions')
        .addColumn('id', 'varchar', (c) => c.primaryKey())
        .addColumn('staff_id', 'varchar', (c) => c.notNull())
        .addColumn('rule_id', 'varchar', (c) => c.notNull())
        .addColumn('spell_start', 'varchar', (c) => c.notNull())
        .addColumn('decision', 'varchar', (c) => c.notNull())
        .addColumn('target_unit_id', 'varchar')
        .addColumn('planned_date', 'varchar')
        .addColumn('reason', 'varchar')
        .addColumn('decided_by', 'varchar', (c) => c.notNull())
        .addColumn('decided_at', 'varchar', (c) => c.notNull())
        .addColumn('superseded_at', 'varchar')
        .execute();
      await db.schema.createIndex('rotation_decisions_key').on('rotation_decisions').columns(['staff_id', 'rule_id', 'spell_start']).execute();
      await db.schema
        .createTable('pool_members')
        .addColumn('id', 'varchar', (c) => c.primaryKey())
        .addColumn('staff_id', 'varchar', (c) => c.notNull())
        .addColumn('pool', 'varchar', (c) => c.notNull())
        .addColumn('since', 'varchar', (c) => c.notNull())
        .addColumn('until', 'varchar')
        .addColumn('confirmed_by', 'varchar', (c) => c.notNull())
        .addColumn('confirmed_at', 'varchar', (c) => c.notNull())
        .addColumn('ended_by', 'varchar')
        .addColumn('exit_reason', 'varchar')
        .addColumn('run_id', 'varchar')
        .execute();
      await db.schema
        .createTable('pool_events')
        .addColumn('id', 'varchar', (c) => c.primaryKey())
        .addColumn('staff_id', 'varchar', (c) => c.notNull())
        .addColumn('pool', 'varchar', (c) => c.notNull())
        .addColumn('action', 'varchar', (c) => c.notNull())
        .addColumn('at', 'varchar', (c) => c.notNull())
        .addColumn('by_user', 'varchar', (c) => c.notNull())
        .addColumn('run_id', 'varchar')
        .addColumn('note', 'varchar')
        .execute();
      await db.schema
        .createTable('refresh_jobs')
        .addColumn('id', 'varchar', (c) => c.primaryKey())
        .addColumn('started_by', 'varchar', (c) => c.notNull())
        .addColumn('started_at', 'varchar', (c) => c.notNull())
        .addColumn('finished_at', 'varchar')
        .addColumn('status', 'varchar', (c) => c.notNull())
        .addColumn('as_of', 'varchar')
        .addColumn('input_dir', 'varchar', (c) => c.notNull())
        .addColumn('run_id', 'varchar')
        .addColumn('result', 'varchar')
        .addColumn('error', 'varchar')
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'varchar', (c) => c.primaryKey())
        .addColumn('at', 'varchar', (c) => c.notNull())
        .addColumn('username', 'varchar', (c) => c.notNull())
        .addColumn('role', 'varchar', (c) => c.notNull())
        .addColumn('action', 'varchar', (c) => c.notNull())
        .addColumn('staff_id', 'varchar')
        .addColumn('staff_ids', 'varchar')
        .addColumn('row_count', 'integer')
        .addColumn('detail', 'varchar')
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    },
  },
  // The audit log is only appended to and scanned: its key and time index were kept up on every
  // row (the key's index grows with the log and is rewritten at each checkpoint) and served no read.
  '002_audit_log_append_only': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('audit_log_next')
        .addColumn('id', 'varchar', (c) => c.notNull())
        .addColumn('at', 'varchar', (c) => c.notNull())
        .addColumn('username', 'varchar', (c) => c.notNull())
        .addColumn('role', 'varchar', (c) => c.notNull())
        .addColumn('action', 'varchar', (c) => c.notNull())
        .addColumn('staff_id', 'varchar')
        .addColumn('staff_ids', 'varchar')
        .addColumn('row_count', 'integer')
        .addColumn('detail', 'varchar')
        .execute();
      await sql`insert into audit_log_next select id, "at", username, role, action, staff_id, staff_ids, row_count, detail from audit_log order by "at"`.execute(db);
      await db.schema.dropIndex('audit_log_at').execute();
      await db.schema.dropTable('audit_log').execute();
      await db.schema.alterTable('audit_log_next').renameTo('audit_log').execute();
    },
  },
};

class InCodeMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/**
 * The dialect opens a connection per query and closes it afterwards; connecting costs more than a
 * small query. This keeps released connections for reuse (each still serves one query or one
 * transaction at a time).
 */
function pooled(instance: DuckDBInstance): { connect(): Promise<DuckDBConnection>; closeSync(): void } {
  const idle: DuckDBConnection[] = [];
  return {
    async connect() {
      const conn = idle.pop() ?? (await instance.connect());
      return new Proxy(conn, {
        get(target, prop, receiver) {
          if (prop === 'closeSync' || prop === 'disconnectSync') return () => void idle.push(target);
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    },
    closeSync() {
      for (const c of idle.splice(0)) c.closeSync();
      instance.closeSync();
    },
  };
}

export interface Store {
  db: Kysely<Database>;
  /**
   * Whether a person may have pool memberships, pool events or rotation decisions. Few people have
   * any: a profile asks the store only about those, which keeps a profile read free of store queries.
   */
  hasRecords(staffId: string): boolean;
  /**
   * Every write of a person's pool memberships, pool events or rotation decisions goes through here:
   * the person is noted first (a read could otherwise miss the rows), and `generation` moves before
   * and after the write, so an answer computed while it ran is never kept as current.
   */
  recording<T>(staffId: string, write: () => Promise<T>): Promise<T>;
  /** Changes whenever those rows change: what cached answers built on them are keyed by. */
  readonly generation: number;
  close(): Promise<void>;
}

/** Opens (creating if needed) the operational store and brings its schema up to date. */
export async function openStore(file: string): Promise<Store> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const instance = await DuckDBInstance.create(file, {
    threads: '2',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const db = new Kysely<Database>({ dialect: new DuckDbDialect({ database: pooled(instance) as unknown as DuckDBInstance, tableMappings: {} }) });
  const migrator = new Migrator({ db, provider: new InCodeMigrations() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new Error(`operational store migration ${failed} failed: ${(error as Error).message}`);
  }
  const recorded = new Set(
    (
      await sql<{ staff_id: string }>`select staff_id from pool_members union select staff_id from pool_events union select staff_id from rotation_decisions`.execute(db)
    ).rows.map((r) => r.staff_id),
  );
  let generation = 0;
  return {
    db,
    hasRecords: (staffId) => recorded.has(staffId),
    async recording(staffId, write) {
      recorded.add(staffId);
      generation++;
      try {
        return await write();
      } finally {
        generation++;
      }
    },
    get generation() {
      return generation;
    },
    async close() {
      await db.destroy();
    },
  };
}

export { sql };
