// The rotation models one by one, on the golden inputs read by the real loader and on small
// hand-made cases: spells, lineage, parameters as data, the published unit and staff tables.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../pipelines/db.ts';
import type { RuleOverrides } from '../../pipelines/rules/index.ts';
import { fixtureCase, loadInput, loadSrcRows, openRunDb, rotationModels, runRotationModels, tempDir } from '../fixtures/rotation/harness.ts';

const dirs: string[] = [];
const dbs: Db[] = [];
afterAll(() => {
  for (const db of dbs) db.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function runCase(name: string, overrides: RuleOverrides = {}, asOf?: string): Promise<Db> {
  const c = fixtureCase(name);
  const dir = tempDir(`rotation-${name}`);
  dirs.push(dir);
  const db = await openRunDb(dir, asOf ?? c.asOf, overrides);
  dbs.push(db);
  const loaded = await loadInput(db, dir, c.input);
  expect(loaded.files.reduce((n, f) => n + f.rowsRejected, 0)).toBe(0);
  await runRotationModels(db);
  return db;
}

const dueIds = async (db: Db) => (await db.all<{ id: string }>(`select staff_id || ':' || rule_id || ':' || status as id from rotation_due order by 1`)).map((r) => r.id);

describe('spells (int_posting_spells / rotation_spells)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await runCase('continuity');
  });

  it('has the contract columns of rotation_spells', async () => {
    const cols = (await db.all<{ column_name: string }>(`select column_name from duckdb_columns() where table_name = 'rotation_spells'`)).map((r) => r.column_name);
    expect(cols).toEqual(expect.arrayContaining(['staff_id', 'rule_id', 'lineage_id', 'unit_id', 'position', 'spell_start', 'spell_end', 'limit_years', 'due_date']));
  });

  it('starts a new spell after a gap over the tolerance or a move, not within it', async () => {
    const spells = await db.all(
      `select staff_id, spell_start, spell_end, postings from rotation_spells where rule_id = 'staff_10y' and staff_id in ('R101', 'R102', 'R104', 'R105') order by staff_id, spell_start`,
    );
    expect(spells).toEqual([
      { staff_id: 'R101', spell_start: '2014-01-01', spell_end: null, postings: 2 },
      { staff_id: 'R102', spell_start: '2014-01-01', spell_end: '2018-12-31', postings: 1 },
      { staff_id: 'R102', spell_start: '2019-02-01', spell_end: null, postings: 1 },
      { staff_id: 'R104', spell_start: '2014-01-01', spell_end: '2016-12-31', postings: 1 },
      { staff_id: 'R104', spell_start: '2017-01-01', spell_end: '2017-01-20', postings: 1 },
      { staff_id: 'R104', spell_start: '2017-01-21', spell_end: null, postings: 1 },
      { staff_id: 'R105', spell_start: '2010-01-01', spell_end: '2015-12-31', postings: 1 },
      { staff_id: 'R105', spell_start: '2016-04-15', spell_end: null, postings: 1 },
    ]);
  });

  it('due_date is the calendar anniversary of the spell start', async () => {
    expect(await db.value(`select count(*)::int from rotation_spells where due_date <> (spell_start + to_years(limit_years))::date`)).toBe(0);
    expect(await db.value(`select due_date from rotation_spells where staff_id = 'R101'`)).toBe('2024-01-01');
  });

  it('the gap tolerance is a parameter: 30 days break R101 spell, the due list changes', async () => {
    const strict = await runCase('continuity', { 'rotation.gap_tolerance_days': 30 });
    expect(await strict.value(`select count(*)::int from rotation_spells where staff_id = 'R101' and rule_id = 'staff_10y'`)).toBe(2);
    expect(await dueIds(strict)).not.toContain('R101:staff_10y:reached');
    expect(await dueIds(db)).toContain('R101:staff_10y:reached');
  });

  it('approaching_months is a parameter', async () => {
    const six = await runCase('continuity', { 'rotation.approaching_months': 6 });
    // R103 due 2025-10-01 is within 6 months of 2025-06-30, R105 due 2026-04-15 is not
    expect(await dueIds(six)).toEqual(['R101:staff_10y:reached', 'R103:staff_10y:approaching', 'R106:staff_10y:reached']);
  });
});

describe('principal and one squad rule at a time', () => {
  let db: Db;
  beforeAll(async () => {
    db = await runCase('principal');
  });

  it('derives principal from the position when is_principal is empty, keeps the file value otherwise', async () => {
    const rows = await db.all(
      `select staff_id, position, is_principal, principal_source from posting_history where staff_id in ('R401', 'R403', 'R404', 'R406', 'R407') order by staff_id, start_date`,
    );
    expect(rows).toEqual([
      { staff_id: 'R401', position: '队员', is_principal: false, principal_source: 'derived_from_position' },
      { staff_id: 'R401', position: '中队长', is_principal: true, principal_source: 'derived_from_position' },
      { staff_id: 'R403', position: '副中队长', is_principal: true, principal_source: 'source' },
      { staff_id: 'R404', position: '中队长', is_principal: false, principal_source: 'source' },
      { staff_id: 'R406', position: '科长', is_principal: true, principal_source: 'derived_from_position' },
      { staff_id: 'R407', position: '科员', is_principal: false, principal_source: 'derived_from_position' },
    ]);
  });

  it('a principal has an open staff_10y spell too, but is listed under leader_5y only', async () => {
    expect(await db.all(`select rule_id, spell_start, due_date from rotation_spells where staff_id = 'R401' and is_open order by rule_id`)).toEqual([
      { rule_id: 'leader_5y', spell_start: '2020-09-01', due_date: '2025-09-01' },
      { rule_id: 'staff_10y', spell_start: '2012-01-01', due_date: '2022-01-01' },
    ]);
    expect(await db.all(`select rule_id, status from rotation_due where staff_id = 'R401'`)).toEqual([{ rule_id: 'leader_5y', status: 'approaching' }]);
  });

  it('the principal positions are a parameter', async () => {
    const alt = await runCase('principal', { 'rotation.principal_positions': { 中队: ['中队长'], 机关科室: ['科长', '主任'] } });
    // 教导员 no longer principal: R405's years as 教导员 (2018–2020) form no leader spell any more
    expect(await alt.value(`select count(*)::int from posting_history where position = '教导员' and is_principal`)).toBe(0);
    expect(await db.value(`select count(*)::int from posting_history where position = '教导员' and is_principal`)).toBe(1);
    expect(await alt.value(`select count(*)::int from rotation_spells where staff_id = 'R405' and rule_id = 'leader_5y'`)).toBe(1);
    expect(await db.value(`select count(*)::int from rotation_spells where staff_id = 'R405' and rule_id = 'leader_5y'`)).toBe(2);
  });

  it('explains each listed row: reason codes and a Chinese reason', async () => {
    const row = await db.one<{ reason_codes: string[]; reason: string; limit_years: number }>(
      `select reason_codes, reason, limit_years from rotation_due where staff_id = 'R411'`,
    );
    expect(row).toEqual({
      reason_codes: ['leader_5y', 'reached'],
      reason: '基层中队主要负责人同一职位任职满5年：2020-06-30起连续任职5.00年，满期日2025-06-30（已满期）',
      limit_years: 5,
    });
  });
});

describe('exemption and service', () => {
  it('marks near-retirement people with reason codes, boundary inclusive, and follows the parameter', async () => {
    const db = await runCase('service');
    expect(await db.all(`select staff_id, exempt, reason_codes from rotation_due where staff_id in ('R507', 'R508') order by staff_id`)).toEqual([
      { staff_id: 'R507', exempt: true, reason_codes: ['staff_10y', 'reached', 'near_retirement'] },
      { staff_id: 'R508', exempt: false, reason_codes: ['staff_10y', 'reached'] },
    ]);
    const wider = await runCase('service', { 'rotation.retirement_exempt_years': 3 });
    expect(await wider.value(`select exempt from rotation_due where staff_id = 'R508'`)).toBe(true);
  });

  it('in_service on the staff mart: status 在职, or a status change dated after as_of', async () => {
    const db = await runCase('service');
    expect(await db.all(`select staff_id, status, in_service from staff where staff_id in ('R501', 'R502', 'R503', 'R504') order by staff_id`)).toEqual([
      { staff_id: 'R501', status: '在职', in_service: true },
      { staff_id: 'R502', status: '调出', in_service: false },
      { staff_id: 'R503', status: '退休', in_service: true },
      { staff_id: 'R504', status: '在职', in_service: true },
    ]);
    // a later as_of: R503's retirement has taken effect
    const later = await runCase('service', {}, '2026-01-05');
    expect(await later.value(`select in_service from staff where staff_id = 'R503'`)).toBe(false);
    expect(await later.value(`select count(*)::int from rotation_due where staff_id = 'R503'`)).toBe(0);
  });

  it('auxiliaries have no spells at all', async () => {
    const db = await runCase('service');
    expect(await db.value(`select count(*)::int from rotation_spells where staff_id = 'R501'`)).toBe(0);
    expect(await db.value(`select count(*)::int from int_posting_spells where staff_id = 'R501'`)).toBe(1);
  });
});

describe('units and lineage', () => {
  let db: Db;
  beforeAll(async () => {
    db = await runCase('lineage');
  });

  it('publishes the unit dimension with lineage, path and is_active', async () => {
    expect(
      await db.all(`select unit_id, lineage_id, path, is_active, replaced_by from units where unit_id in ('C001', 'Q11', 'Q12', 'Q21', 'Q22', 'Q23') order by unit_id`),
    ).toEqual([
      { unit_id: 'C001', lineage_id: 'C001', path: '/C001/', is_active: true, replaced_by: null },
      { unit_id: 'Q11', lineage_id: 'Q12', path: '/C001/D01/Q11/', is_active: false, replaced_by: 'Q12' },
      { unit_id: 'Q12', lineage_id: 'Q12', path: '/C001/D01/Q12/', is_active: true, replaced_by: null },
      { unit_id: 'Q21', lineage_id: 'Q23', path: '/C001/D01/Q21/', is_active: false, replaced_by: 'Q23' },
      { unit_id: 'Q22', lineage_id: 'Q23', path: '/C001/D01/Q22/', is_active: false, replaced_by: 'Q23' },
      { unit_id: 'Q23', lineage_id: 'Q23', path: '/C001/D01/Q23/', is_active: true, replaced_by: null },
    ]);
  });

  it('a unit was active before its dissolution date', async () => {
    const before = await runCase('lineage', {}, '2019-06-30');
    expect(await before.value(`select is_active from units where unit_id = 'Q11'`)).toBe(true);
  });

  it('follows chains of several steps, survives a cycle in replaced_by, inherits the district', async () => {
    const dir = tempDir('rotation-chain');
    dirs.push(dir);
    const chain = await openRunDb(dir, '2025-06-30');
    dbs.push(chain);
    await loadSrcRows(chain, 'units', [
      { unit_id: 'A', unit_name: '甲', unit_type: '中队', replaced_by: 'B' },
      { unit_id: 'B', unit_name: '乙', unit_type: '中队', replaced_by: 'C' },
      { unit_id: 'C', unit_name: '丙', unit_type: '中队' },
      { unit_id: 'X', unit_name: '戊', unit_type: '中队', replaced_by: 'Y', parent_id: 'Y' },
      { unit_id: 'Y', unit_name: '己', unit_type: '中队', replaced_by: 'X', parent_id: 'X' },
      { unit_id: 'D', unit_name: '区局', unit_type: '区局', district: '黄浦区' },
      { unit_id: 'S', unit_name: '中队', unit_type: '中队', parent_id: 'D' },
    ]);
    await loadSrcRows(chain, 'staff', [
      { staff_id: 'P1', name: '甲', gender: '男', birth_date: '1980-01-01', education: '本科', join_date: '2000-01-01', category: '行政执法类公务员', status: '辞职', status_date: '2024-06-30' },
    ]);
    await loadSrcRows(chain, 'postings', [{ staff_id: 'P1', unit_id: 'S', position: '队员', start_date: '2010-01-01', end_date: '2024-06-30' }]);
    await runRotationModels(chain);
    // district inherited from the bureau; a person who left keeps the last unit for scoping
    expect(await chain.one(`select district, district_given from units where unit_id = 'S'`)).toEqual({ district: '黄浦区', district_given: null });
    expect(await chain.one(`select unit_id, unit_is_current, district, in_service from staff where staff_id = 'P1'`)).toEqual({
      unit_id: 'S', unit_is_current: false, district: '黄浦区', in_service: false,
    });
    expect(await chain.all(`select unit_id, lineage_id, successors from int_unit_lineage where unit_id in ('A', 'B', 'C') order by unit_id`)).toEqual([
      { unit_id: 'A', lineage_id: 'C', successors: ['A', 'B', 'C'] },
      { unit_id: 'B', lineage_id: 'C', successors: ['B', 'C'] },
      { unit_id: 'C', lineage_id: 'C', successors: ['C'] },
    ]);
    expect(await chain.value(`select count(*)::int from units where unit_id in ('X', 'Y')`)).toBe(2);
  });
});

describe('staff mart', () => {
  it('keeps the loader masked id_number and id_hash, and adds age, current posting and retirement date', async () => {
    const dir = tempDir('rotation-staff');
    dirs.push(dir);
    const input = path.join(dir, 'input');
    fs.mkdirSync(input);
    const c = fixtureCase('loans');
    fs.copyFileSync(path.join(c.input, 'units.csv'), path.join(input, 'units.csv'));
    fs.copyFileSync(path.join(c.input, 'postings.csv'), path.join(input, 'postings.csv'));
    const staff = fs.readFileSync(path.join(c.input, 'staff.csv'), 'utf8').split('\n');
    // GB 11643 sample number (checksum X), born 1949-12-31, given to R301
    staff[0] = staff[0].replace('birth_date,', 'birth_date,id_number,');
    staff.forEach((l, i) => {
      if (i > 0 && l) staff[i] = l.replace(/^([^,]*,[^,]*,[^,]*,[^,]*,)/, l.startsWith('R301,') ? '$111010519491231002X,' : '$1,');
    });
    fs.writeFileSync(path.join(input, 'staff.csv'), staff.join('\n'));
    const db = await openRunDb(dir, '2025-06-30');
    dbs.push(db);
    const loaded = await loadInput(db, dir, input);
    await runRotationModels(db);
    const row = await db.one(
      `select id_number, id_hash is not null and length(id_hash) > 16 as hashed, age, in_service, unit_id, unit_name, district, position, is_principal, on_loan, retirement_date from staff where staff_id = 'R301'`,
    );
    expect(loaded.files.find((f) => f.entity === 'staff')?.rowsLoaded).toBe(7);
    expect(row).toMatchObject({ hashed: true, age: 45, in_service: true, unit_id: 'Q01', unit_name: '花木中队', district: '浦东新区', position: '队员', is_principal: false, on_loan: false, retirement_date: '2043-01-20' });
    expect(String(row!.id_number)).toMatch(/^110105\*+002X$/);
    // the full number is in no table the rotation models build
    for (const t of rotationModels) {
      const cols = (await db.all<{ column_name: string }>(`select column_name from duckdb_columns() where table_name = '${t}' and data_type = 'VARCHAR'`)).map((r) => r.column_name);
      for (const col of cols) expect(await db.value(`select count(*)::int from ${t} where "${col}" like '%19491231002X%'`)).toBe(0);
    }
    // R303 is on an open 挂职 at as_of
    expect(await db.one(`select on_loan, loan_unit_id, loan_type from staff where staff_id = 'R303'`)).toEqual({ on_loan: true, loan_unit_id: 'O01', loan_type: '挂职' });
  });
});

describe('policy is data', () => {
  it('no rotation or retirement limit appears as a literal in the rotation models', () => {
    const modelsDir = path.resolve(import.meta.dirname, '../../pipelines/models');
    const files = rotationModels.map((m) => ['staging', 'intermediate', 'marts'].map((l) => path.join(modelsDir, l, `${m}.sql`)).find((f) => fs.existsSync(f))!);
    for (const f of files) {
      const sql = fs.readFileSync(f, 'utf8').replace(/--[^\n]*/g, '');
      for (const literal of ['5', '10', '31', '180', '60', '55', '36', '63', '58', '1965', '1970']) {
        expect(new RegExp(`(?<![\\w.])${literal}(?![\\w.])`).test(sql), `${path.basename(f)} has the literal ${literal}`).toBe(false);
      }
      for (const word of ['中队长', '教导员', '科长', '借调', '挂职', '协管员']) expect(sql.includes(word), `${path.basename(f)} names ${word}`).toBe(false);
    }
  });
});
