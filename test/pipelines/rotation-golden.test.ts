// Golden cases of the rotation domain: hand-made input files and the rotation-due list (and long
// loans) a person would write down from rules.md §1–2. Expected values were worked out by hand.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../pipelines/db.ts';
import { asStrings, loadSrcCsv, openRunDb, readCsv, runRotationModels, sortRows, tempDir } from '../fixtures/rotation/harness.ts';

const casesDir = path.resolve(import.meta.dirname, '../fixtures/rotation');
const cases = fs.readdirSync(casesDir).filter((d) => fs.existsSync(path.join(casesDir, d, 'case.json'))).sort();
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function build(caseName: string): Promise<Db> {
  const { as_of: asOf } = JSON.parse(fs.readFileSync(path.join(casesDir, caseName, 'case.json'), 'utf8')) as { as_of: string };
  const dir = tempDir(`rotation-${caseName}`);
  dirs.push(dir);
  const db = await openRunDb(dir, asOf);
  for (const entity of ['units', 'staff', 'postings'] as const) {
    await loadSrcCsv(db, entity, path.join(casesDir, caseName, 'input', `${entity}.csv`));
  }
  await runRotationModels(db);
  return db;
}

/** Actual rows in the expected file's columns; tenure_years compared with its 2 decimals. */
async function actual(db: Db, table: string, columns: string[]): Promise<string[][]> {
  const rows = await db.all(`select * from ${table}`);
  return asStrings(rows, columns).map((r) => r.map((v, i) => (columns[i] === 'tenure_years' && v !== '' ? Number(v).toFixed(2) : v)));
}

describe('rotation golden cases', () => {
  it('finds the cases', () => {
    expect(cases).toEqual(expect.arrayContaining(['continuity', 'lineage', 'loans', 'principal', 'service']));
  });

  for (const c of cases) {
    it(`${c}: rotation_due${fs.existsSync(path.join(casesDir, c, 'expected', 'long_loans.csv')) ? ' and long_loans' : ''} match the expected files`, async () => {
      const db = await build(c);
      try {
        for (const table of ['rotation_due', 'long_loans']) {
          const file = path.join(casesDir, c, 'expected', `${table}.csv`);
          if (!fs.existsSync(file)) continue;
          const expected = readCsv(file);
          expect(expected.rows.length).toBeGreaterThan(0);
          expect(sortRows(await actual(db, table, expected.header))).toEqual(sortRows(expected.rows));
        }
      } finally {
        db.close();
      }
    });
  }
});
