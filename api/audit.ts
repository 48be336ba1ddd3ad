// The audit log: one row per person-level read or export, written by the route wrapper (route.ts)
// and nowhere else. Writes are group-committed: a request waits until its row is stored, and
// rows arriving meanwhile share the next insert, so auditing stays cheap under load.
import crypto from 'node:crypto';
import type { Store, AuditLogTable } from './database.ts';

export interface AuditEntry {
  username: string;
  role: string;
  action: string;
  staff_id?: string | null;
  staff_ids?: string[] | null;
  row_count?: number | null;
  detail?: Record<string, unknown> | null;
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
      staff_ids: e.staff_ids ? JSON.stringify(e.staff_ids) : null,
      row_count: e.row_count ?? null,
      detail: e.detail ? JSON.stringify(e.detail) : null,
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ row, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, 500);
      try {
        await this.store.db.insertInto('audit_log').values(batch.map((b) => b.row)).execute();
        for (const b of batch) b.done();
      } catch (e) {
        for (const b of batch) b.done(e as Error);
      }
    }
    this.flushing = undefined;
  }

  /** Waits for every queued row (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }
}
