// The audit log: one row per person-level read or export, written by the route wrapper (route.ts)
// and nowhere else. A row is queued in order before the answer leaves; queued rows are gathered
// for a few milliseconds (settings.auditGatherMs) and written together (group commit: a commit costs
// far more than a cached read). A failed write is retried, never dropped, and reported in the log;
// shutdown and the audit-log reader drain the queue first.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Store, AuditLogTable } from './database.ts';
import { settings } from './settings.ts';

export interface AuditEntry {
  username: string;
  role: string;
  action: string;
  staff_id?: string | null;
  staff_ids?: string[] | null;
  row_count?: number | null;
  detail?: Record<string, unknown> | null;
}

const columns = ['id', 'at', 'username', 'role', 'action', 'staff_id', 'staff_ids', 'row_count', 'detail'] as const;
const rowsType = JSON.stringify([Object.fromEntries(columns.map((c) => [c, c === 'row_count' ? 'INTEGER' : 'VARCHAR']))]);

/**
 * A batch as one JSON text: binding nine values per row cost about a tenth of a cached read.
 * (The PostgreSQL spelling of the same is `json_populate_recordset(null::audit_log, $1)`.)
 */
function insertRows(store: Store, rows: AuditLogTable[]) {
  const cols = sql.raw(columns.map((c) => `"${c}"`).join(', '));
  const fields = sql.raw(columns.map((c) => `r."${c}"`).join(', '));
  return sql`insert into audit_log (${cols}) select ${fields} from (select unnest(from_json(${JSON.stringify(rows)}, ${sql.lit(rowsType)})) as r)`.execute(store.db);
}

/** The JSON text of a list of people, kept per list: a cached page names the same people at every read. */
const idsText = new WeakMap<string[], string>();
function idsJson(ids: string[]): string {
  let text = idsText.get(ids);
  if (text === undefined) idsText.set(ids, (text = JSON.stringify(ids)));
  return text;
}

export class Auditor {
  private queue: { row: AuditLogTable; done: (e?: Error) => void }[] = [];
  private flushing?: Promise<void>;
  private last = 0;

  constructor(
    private store: Store,
    private now: () => Date,
  ) {}

  record(e: AuditEntry): Promise<void> {
    // Strictly increasing timestamps give the log a total order even for rows of the same millisecond.
    this.last = Math.max(this.now().getTime(), this.last + 1);
    const row: AuditLogTable = {
      id: crypto.randomUUID(),
      at: new Date(this.last).toISOString(),
      username: e.username,
      role: e.role,
      action: e.action,
      staff_id: e.staff_id ?? null,
      staff_ids: e.staff_ids ? idsJson(e.staff_ids) : null,
      row_count: e.row_count ?? null,
      detail: e.detail ? JSON.stringify(e.detail) : null,
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ row, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  private async flush(): Promise<void> {
    let failures = 0;
    while (this.queue.length) {
      await new Promise((r) => setTimeout(r, settings.auditGatherMs));
      const batch = this.queue.slice(0, 5000);
      try {
        await insertRows(this.store, batch.map((b) => b.row));
        this.queue.splice(0, batch.length);
        for (const b of batch) b.done();
        failures = 0;
      } catch (e) {
        failures++;
        console.error(`audit log write failed (${batch.length} rows kept for retry, attempt ${failures}):`, (e as Error).message);
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** failures)));
      }
    }
    this.flushing = undefined;
  }

  /** Waits for every queued row (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }
}
