// Golden cases of the rotation domain, through the real pipeline: CSV input files → refresh()
// (loader, rules, every model, publish) → the published rotation_due (and long_loans) compared
// with the expected files, which were worked out by hand from rules.md §1–2.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db.ts';
import { refresh } from '../../pipelines/refresh.ts';
import { asStrings, fixtureCase, fixturesDir, readCsv, sortRows, tempDir } from '../fixtures/rotation/harness.ts';

const cases = fs.readdirSync(fixturesDir).filter((d) => fs.existsSync(path.join(fixturesDir, d, 'case.json'))).sort();
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Actual rows in the expected file's columns; tenure_years compared with its 2 decimals. */
async function actual(db: Db, table: string, columns: string[]): Promise<string[][]> {
  const rows = await db.all(`select * from ${table}`);
  return asStrings(rows, columns).map((r) => r.map((v, i) => (columns[i] === 'tenure_years' && v !== '' ? Number(v).toFixed(2) : v)));
}

describe('rotation golden cases (refresh → published snapshot)', () => {
  it('finds the cases', () => {
    expect(cases).toEqual(expect.arrayContaining(['continuity', 'lineage', 'loans', 'principal', 'service']));
  });

  for (const c of cases) {
    const { asOf, input, expected } = fixtureCase(c);
    const tables = ['rotation_due', 'long_loans'].filter((t) => fs.existsSync(path.join(expected, `${t}.csv`)));
    it(`${c} (as_of ${asOf}): ${tables.join(' and ')} match the expected files`, async () => {
      const dataDir = tempDir(`rotation-${c}`);
      dirs.push(dataDir);
      const result = await refresh({ input, asOf, dataDir });
      expect(result.status).toBe('published');
      expect(result.rejects).toBe(0);
      const db = await Db.open(result.snapshot!, { readOnly: true });
      try {
        expect(await db.value(`select as_of::varchar from pipeline_run`)).toBe(asOf);
        for (const table of tables) {
          const want = readCsv(path.join(expected, `${table}.csv`));
          expect(want.rows.length).toBeGreaterThan(0);
          expect(sortRows(await actual(db, table, want.header))).toEqual(sortRows(want.rows));
        }
        // the summary printed after the refresh counts the same list
        const due = result.summary.filter((l) => l.section === '交流轮岗' && /满期/.test(l.label)).reduce((n, l) => n + Number(l.value), 0);
        expect(due).toBe(await db.value<number>(`select count(*)::int from rotation_due`));
        const loans = result.summary.filter((l) => l.section === '交流轮岗' && /长期外借/.test(l.label)).reduce((n, l) => n + Number(l.value), 0);
        expect(loans).toBe(await db.value<number>(`select count(*)::int from long_loans`));
        const exempt = result.summary.find((l) => l.section === '交流轮岗' && /临近退休/.test(l.label))?.value;
        expect(exempt).toBe(await db.value<number>(`select count(*)::int from rotation_due where exempt`));
      } finally {
        db.close();
      }
    });
  }
});
