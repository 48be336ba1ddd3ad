// The lane scheduler on real DuckDB connections: dependency order, the error reported when two tasks
// fail, and nothing started after a failure.
import { describe, it, expect } from 'vitest';
import { Db } from '../../pipelines/db.ts';
import { laneConnections, runInLanes, type LaneTask } from '../../pipelines/lanes.ts';

async function withLanes<T>(lanes: number, fn: (conns: Db[]) => Promise<T>): Promise<T> {
  const db = await Db.open(':memory:');
  const { conns, close } = await laneConnections(db, lanes);
  try {
    return await fn(conns);
  } finally {
    close();
    db.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runInLanes', () => {
  it('starts a task only after the tasks it comes after, using every lane', async () => {
    const events: string[] = [];
    const task = (name: string, after: string[], ms: number): LaneTask => ({
      name,
      after,
      run: async (conn) => {
        events.push(`start ${name}`);
        await conn.run(`create table ${name} as select 1 as x`);
        await sleep(ms);
        events.push(`end ${name}`);
      },
    });
    await withLanes(2, (conns) => runInLanes(conns, [task('a', [], 30), task('b', [], 5), task('c', ['a'], 0), task('d', ['b'], 0)]));
    for (const [before, after] of [['a', 'c'], ['b', 'd']]) expect(events.indexOf(`end ${before}`)).toBeLessThan(events.indexOf(`start ${after}`));
    // two lanes: b starts before a ends, and d (after b only) does not wait for a
    expect(events.indexOf('start b')).toBeLessThan(events.indexOf('end a'));
    expect(events.indexOf('start d')).toBeLessThan(events.indexOf('end a'));
  });

  it('throws the failure of the earliest task in the order given, whichever failed first, and starts nothing more', async () => {
    const started: string[] = [];
    const failing = (name: string, ms: number): LaneTask => ({
      name,
      after: [],
      run: async () => {
        started.push(name);
        await sleep(ms);
        throw new Error(`${name} failed`);
      },
    });
    const later: LaneTask = { name: 'later', after: [], run: async () => void started.push('later') };
    const err = await withLanes(2, (conns) => runInLanes(conns, [failing('first', 40), failing('second', 1), later])).catch((e) => e);
    expect(err.message).toBe('first failed');
    expect(started).toEqual(['first', 'second']);
  });

  it('refuses a task that comes after one that is not there', async () => {
    const err = await withLanes(1, (conns) => runInLanes(conns, [{ name: 'a', after: ['ghost'], run: async () => {} }])).catch((e) => e);
    expect(err.message).toContain('ghost');
  });
});
