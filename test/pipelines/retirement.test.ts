// Statutory retirement date (rules.md §2): the examples of the 2024 decision's tables.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../pipelines/db.ts';
import { loadSrcRows, openRunDb, runRotationModels, tempDir } from '../fixtures/rotation/harness.ts';

// [gender, birth_date, expected retirement_date, expected delay in months]
const examples: [string, string, string, number][] = [
  ['男', '1964-12-31', '2024-12-31', 0], // born before 1965-01: base age 60
  ['男', '1965-01-15', '2025-02-15', 1], // rules.md: 60 years 1 month
  ['男', '1965-04-30', '2025-05-30', 1], // idx 3 still in the first step of 4 months
  ['男', '1965-05-01', '2025-07-01', 2], // idx 4: second step
  ['男', '1966-12-15', '2027-06-15', 6],
  ['男', '1976-08-31', '2039-07-31', 35], // 62 years 11 months
  ['男', '1976-09-01', '2039-09-01', 36], // 63 from here on
  ['男', '1990-06-15', '2053-06-15', 36],
  ['女', '1969-12-31', '2024-12-31', 0], // women cadres: base 55 before 1970-01
  ['女', '1970-01-01', '2025-02-01', 1],
  ['女', '1971-10-15', '2027-04-15', 6],
  ['女', '1981-08-20', '2039-07-20', 35],
  ['女', '1981-09-10', '2039-09-10', 36], // 58
  ['男', '1965-03-31', '2025-04-30', 1], // month arithmetic clamps to the month's last day
];

describe('int_retirement', () => {
  let db: Db;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('retirement');
    db = await openRunDb(dir, '2025-06-30');
    await loadSrcRows(db, 'units', [{ unit_id: 'Q01', unit_name: '花木中队', unit_type: '中队' }]);
    await loadSrcRows(
      db,
      'staff',
      examples.map(([gender, birth], i) => ({
        staff_id: `P${i}`, name: `人员${i}`, gender, birth_date: birth, education: '本科', join_date: '2000-01-01', category: '行政执法类公务员', status: '在职',
      })),
    );
    await loadSrcRows(db, 'postings', []);
    await runRotationModels(db);
  });
  afterAll(() => {
    db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [i, [gender, birth, date, delay]] of examples.entries()) {
    it(`${gender} born ${birth} retires ${date} (delay ${delay} months)`, async () => {
      const row = await db.one<{ retirement_date: string; delay_months: number; base_age: number }>(
        `select retirement_date, delay_months, base_age from int_retirement where staff_id = $1`,
        [`P${i}`],
      );
      expect(row).toEqual({ retirement_date: date, delay_months: delay, base_age: gender === '女' ? 55 : 60 });
    });
  }

  it('publishes retirement_date on the staff mart', async () => {
    expect(await db.value(`select retirement_date from staff where birth_date = '1965-01-15'`)).toBe('2025-02-15');
  });

  it('follows the parameters: a different step changes the delay', async () => {
    const d2 = tempDir('retirement-override');
    const db2 = await openRunDb(d2, '2025-06-30', { 'retirement.step_months': 2 });
    try {
      await loadSrcRows(db2, 'units', []);
      await loadSrcRows(db2, 'staff', [
        { staff_id: 'X', name: '甲', gender: '男', birth_date: '1965-05-10', education: '本科', join_date: '2000-01-01', category: '行政执法类公务员', status: '在职' },
      ]);
      await loadSrcRows(db2, 'postings', []);
      await runRotationModels(db2);
      // idx 4 with a step of 2 months: floor(4 / 2) + 1 = 3 months
      expect(await db2.value(`select retirement_date from int_retirement`)).toBe('2025-08-10');
    } finally {
      db2.close();
      fs.rmSync(d2, { recursive: true, force: true });
    }
  });
});
