// The models scheduler on a folder of small models in a real DuckDB: two or three lanes keep dependency order,
// scratch tables go once every reader has run, the previous-snapshot step runs once before the models
// reading it, and a failing model stops the run with its file named.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Db } from '../../pipelines/db.ts';
import { loadModels, runModels } from '../../pipelines/models/run.ts';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-run-models-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function modelsDir(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, sql] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), `-- grain: test\n${sql}\n`);
  }
  return dir;
}

const folder = {
  'staging/stg_a.sql': 'select x from src_a',
  'staging/stg_b.sql': 'select x * 10 as x from src_a',
  'intermediate/int_c.sql': 'select a.x + b.x as x from stg_a as a join stg_b as b on b.x = a.x * 10',
  'marts/d.sql': 'select sum(x)::int as total, count(*)::int as n from int_c',
  'marts/e.sql': 'select count(*)::int as n from stg_a',
  'marts/f.sql': 'select (select count(*) from prev.d)::int as before, (select total from d) as now',
};

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await Db.open(':memory:');
  try {
    await db.run('create table src_a as select range::int as x from range(1, 101)');
    return await fn(db);
  } finally {
    db.close();
  }
}

describe('runModels', () => {
  it('runs every model after its dependencies on two or three lanes, with the same tables as one by one', async () => {
    const models = loadModels(modelsDir('ok', folder));
    const results: Record<string, unknown>[] = [];
    for (const lanes of [1, 2, 3]) {
      const started: string[] = [];
      let previousRuns = 0;
      const timings = await withDb(async (db) => {
        const t = await runModels(db, models, {
          lanes,
          onStart: (m) => started.push(m.name),
          beforePrevious: async () => {
            previousRuns++;
            await db.run(`attach ':memory:' as prev; create table prev.d (total int)`);
          },
        });
        results.push({
          d: await db.one('select total, n from d'),
          e: await db.one('select n from e'),
          f: await db.one('select before, now from f'),
          // scratch (src_, stg_) is gone once all its readers ran; intermediates stay
          tables: (await db.all<{ t: string }>(`select table_name t from duckdb_tables() where database_name = 'memory' order by 1`)).map((r) => r.t),
        });
        return t;
      });
      expect(previousRuns).toBe(1);
      expect(timings.map((t) => t.name).sort()).toEqual(models.map((m) => m.name).sort());
      expect(timings.find((t) => t.name === 'int_c')!.rows).toBe(100);
      for (const m of models) for (const d of m.deps) expect(started.indexOf(d)).toBeLessThan(started.indexOf(m.name));
      expect(started.at(-1)).toBe('f');
    }
    expect(results[0]).toEqual({ d: { total: 5050 * 11, n: 100 }, e: { n: 100 }, f: { before: 0, now: 5050 * 11 }, tables: ['d', 'e', 'f', 'int_c'] });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('stops at a failing model, naming its file, and starts nothing that depends on it', async () => {
    const models = loadModels(modelsDir('bad', { ...folder, 'intermediate/int_c.sql': 'select no_such_column from stg_a' }));
    const started: string[] = [];
    const err = await withDb((db) => runModels(db, models, { lanes: 2, onStart: (m) => started.push(m.name) })).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain('intermediate/int_c.sql');
    expect(started).not.toContain('d');
    expect(started).not.toContain('f');
  });
});
