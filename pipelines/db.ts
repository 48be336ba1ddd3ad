// One way to open DuckDB everywhere: no extension downloads (the intranet has no network),
// bounded threads and memory, and JSON-safe rows (BIGINT arrives as bigint otherwise).
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

export type Row = Record<string, unknown>;
export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

export interface OpenOptions {
  readOnly?: boolean;
  memoryLimit?: string;
  threads?: number;
  tempDirectory?: string;
}

export class Db {
  private constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    private readonly ownsInstance = true,
  ) {}

  /** Another connection to the same database (its own transactions), to run statements side by side. */
  async connect(): Promise<Db> {
    return new Db(this.path, this.instance, await this.instance.connect(), false);
  }

  static async open(path = ':memory:', opts: OpenOptions = {}): Promise<Db> {
    const options: Record<string, string> = {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      threads: String(opts.threads ?? 2),
    };
    if (opts.readOnly) options.access_mode = 'READ_ONLY';
    if (opts.memoryLimit) options.memory_limit = opts.memoryLimit;
    if (opts.tempDirectory) options.temp_directory = opts.tempDirectory;
    const instance = await DuckDBInstance.create(path, options);
    const conn = await instance.connect();
    return new Db(path, instance, conn);
  }

  /** Runs one or more statements; returns nothing. */
  async run(sql: string, params?: Params): Promise<void> {
    await this.conn.run(sql, params);
  }

  /** Rows as plain JSON values: BIGINT/HUGEINT as strings, DATE as 'YYYY-MM-DD', lists as arrays. */
  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as T[];
  }

  async one<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** A single scalar, numbers coerced from BIGINT strings. */
  async value<T = unknown>(sql: string, params?: Params): Promise<T> {
    const row = await this.one(sql, params);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  async tableExists(name: string, schema = 'main', database?: string): Promise<boolean> {
    const n = await this.value<number>(
      `select count(*)::int from duckdb_tables() where table_name = $1 and schema_name = $2 ${database ? 'and database_name = $3' : ''}`,
      database ? [name, schema, database] : [name, schema],
    );
    return n > 0;
  }

  close(): void {
    this.conn.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

/** Quotes an identifier for SQL (column names come from users' files). */
export function ident(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

/** Quotes a string literal for SQL generated from trusted definitions. */
export function lit(value: string): string {
  return "'" + value.replaceAll("'", "''") + "'";
}
