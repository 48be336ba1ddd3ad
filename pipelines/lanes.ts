// Work run side by side on a few connections to one DuckDB: much of a city's work is small statements
// that use one thread, so two pieces at a time keep both cores busy (DuckDB's threads are shared).
import type { Db } from './db.ts';

export interface LaneTask {
  name: string;
  /** Names of the tasks that must have finished before this one starts. */
  after: string[];
  run: (conn: Db) => Promise<void>;
}

/**
 * Runs every task on one of `conns` (one task per connection at a time), once the tasks it comes after
 * have finished, taking the first ready one in the order given. After a failure nothing more starts;
 * the running tasks finish, and the failure of the earliest failed task in the order given is thrown,
 * so that the error reported does not depend on which lane was quicker.
 */
export async function runInLanes(conns: Db[], tasks: LaneTask[]): Promise<void> {
  const names = new Set(tasks.map((t) => t.name));
  for (const t of tasks) {
    const unknown = t.after.find((a) => !names.has(a));
    if (unknown) throw new Error(`task ${t.name} comes after ${unknown}, which is not a task`);
  }
  const done = new Set<string>();
  const started = new Set<string>();
  const failures = new Map<string, unknown>();
  const waiting: (() => void)[] = [];
  const wake = () => waiting.splice(0).forEach((w) => w());
  const ready = (t: LaneTask) => !started.has(t.name) && t.after.every((a) => done.has(a));
  const lane = async (conn: Db) => {
    while (failures.size === 0 && started.size < tasks.length) {
      const t = tasks.find(ready);
      if (!t) {
        // nothing can start here before a running task finishes (which wakes every waiting lane)
        if (started.size === done.size) throw new Error(`tasks waiting on each other: ${tasks.filter((x) => !started.has(x.name)).map((x) => x.name).join(', ')}`);
        await new Promise<void>((r) => waiting.push(r));
        continue;
      }
      started.add(t.name);
      try {
        await t.run(conn);
        done.add(t.name);
      } catch (e) {
        failures.set(t.name, e);
      }
      wake();
    }
    wake();
  };
  await Promise.all(conns.map(lane));
  const first = tasks.find((t) => failures.has(t.name));
  if (first) throw failures.get(first.name);
}

/** `db` and `lanes - 1` more connections to it; `close` closes the extra ones. */
export async function laneConnections(db: Db, lanes: number): Promise<{ conns: Db[]; close: () => void }> {
  const conns = [db];
  try {
    for (let i = 1; i < lanes; i++) conns.push(await db.connect());
  } catch (e) {
    for (const c of conns.slice(1)) c.close();
    throw e;
  }
  return { conns, close: () => conns.slice(1).forEach((c) => c.close()) };
}
