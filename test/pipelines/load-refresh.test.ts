// The loader inside a real refresh: a small folder goes through read → validate → rules → models →
// publish, and the published snapshot holds the data-quality tables but no scratch table and no
// full id number anywhere.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { refresh, type RefreshResult } from '../../pipelines/refresh.ts';
import { Db } from '../../pipelines/db.ts';
import { idWithChecksum } from '../fixtures/read/ids.ts';

let root: string;
let result: RefreshResult;
const ids = [idWithChecksum('31011519850301123'), idWithChecksum('31011519900615124'), idWithChecksum('31011519780920121')];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-load-refresh-'));
  const input = path.join(root, 'inbox');
  fs.mkdirSync(input);
  fs.writeFileSync(
    path.join(input, '机构.csv'),
    '机构代码,机构名称,机构类型,上级机构代码,所属区,所属街镇\n' +
      'C0,市城管执法局,市局,,,\nD1,浦东新区城管执法局,区局,C0,浦东新区,\n' +
      'Q1,花木中队,中队,D1,浦东新区,花木街道\nQ2,陆家嘴中队,中队,D1,浦东新区,陆家嘴街道\nK1,法制科,机关科室,D1,浦东新区,\n',
  );
  // 30 people: one bad row each in staff and postings stays under the 5 % reject limit.
  const people = Array.from({ length: 30 }, (_, i) => {
    const birth = `${1970 + (i % 25)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    const id = i < ids.length ? ids[i] : idWithChecksum(`310115${birth}${String(100 + i).slice(-2)}${i % 2 === 0 ? 1 : 2}`);
    return { staffId: `S${i + 1}`, birth: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`, id, gender: i % 2 === 0 ? '男' : '女' };
  });
  people[0] = { ...people[0], birth: '1985-03-01', gender: '男' };
  people[1] = { ...people[1], birth: '1990-06-15', gender: '女' };
  people[2] = { ...people[2], birth: '1978-09-20', gender: '男' };
  ids.push(...people.slice(3).map((p) => p.id));
  fs.writeFileSync(
    path.join(input, '人员.csv'),
    iconv.encode(
      '人员编号,姓名,性别,出生日期,身份证号,政治面貌,学历,专业,进入系统时间,人员类别,进入方式,人员状态,状态变更日期\n' +
        people.map((p, i) => `${p.staffId},人员${i + 1},${p.gender},${p.birth},${p.id},中共党员,大学本科,法学,2008-07-01,行政执法类公务员,公务员招录,在职,\n`).join('') +
        'S99,赵六,男,1985-13-01,,群众,本科,,2010-01-01,行政执法类公务员,公务员招录,在职,\n',
      'gbk',
    ),
  );
  fs.writeFileSync(
    path.join(input, '任职.csv'),
    '人员编号,机构代码,职务,任职日期,免职日期\n' +
      people.map((p, i) => `${p.staffId},${i % 2 === 0 ? 'Q1' : 'Q2'},${i < 2 ? '中队长' : '队员'},${2010 + (i % 10)}-03-01,\n`).join('') +
      'S98,Q1,队员,2019-01-01,\n',
  );
  fs.writeFileSync(path.join(input, '考核.csv'), '人员编号,年度,考核等次\n' + people.map((p, i) => `${p.staffId},2023,${i % 3 === 0 ? '优秀' : '称职'}\n`).join(''));
  result = await refresh({ input, asOf: '2024-06-30', dataDir: path.join(root, 'data') });
}, 300_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('refresh through the loader', () => {
  it('publishes, reporting the files and their rejects', () => {
    expect(result.status).toBe('published');
    expect(result.files.map((f) => [f.file, f.encoding, f.rowsLoaded, f.rowsRejected])).toEqual([
      ['机构.csv', 'utf-8', 5, 0],
      ['人员.csv', 'gb18030', 30, 1],
      ['任职.csv', 'utf-8', 30, 1],
      ['考核.csv', 'utf-8', 30, 0],
    ]);
    expect(result.rejects).toBe(2);
  });

  it('publishes rejects and warnings, no scratch table, and no full id number', async () => {
    const db = await Db.open(result.snapshot!, { readOnly: true });
    try {
      const tables = (await db.all<{ table_name: string }>(`select table_name from duckdb_tables() where database_name = current_database()`)).map((t) => t.table_name);
      expect(tables).toContain('rejects');
      expect(tables).toContain('warnings');
      expect(tables.filter((t) => /^(raw|src|stg|tmp)_/.test(t))).toEqual([]);
      // the marts of the contract, not their intermediate steps
      expect(tables).toContain('rotation_due');
      expect(tables.filter((t) => t.startsWith('int_'))).toEqual([]);
      const rejects = await db.all(`select file, row_number, column_name, value, code from rejects order by file`);
      expect(rejects).toEqual([
        { file: '人员.csv', row_number: 32, column_name: 'birth_date', value: '1985-13-01', code: 'bad_date' },
        { file: '任职.csv', row_number: 32, column_name: 'staff_id', value: 'S98', code: 'unknown_staff' },
      ]);
      const cols = await db.all<{ table_name: string; column_name: string }>(
        `select table_name, column_name from duckdb_columns() where database_name = current_database() and data_type = 'VARCHAR'`,
      );
      let text = '';
      for (const c of cols) {
        const rows = await db.all<{ v: string }>(`select "${c.column_name}" as v from "${c.table_name}" where "${c.column_name}" is not null`);
        text += rows.map((r) => r.v).join('\n') + '\n';
      }
      expect(text).toContain('310115********');
      for (const id of ids) expect(text).not.toContain(id);
    } finally {
      db.close();
    }
  });
});

describe('a refresh refused for too many rejects', () => {
  it('publishes nothing and leaves the rejects beside the run log', async () => {
    const input = path.join(root, 'bad');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'units.csv'), 'unit_id,unit_name,unit_type\nC0,市局,市局\n');
    fs.writeFileSync(path.join(input, 'staff.csv'), 'staff_id,name,gender,birth_date,education,join_date,category,status\nS1,张三,男,1985-02-30,本科,2010-01-01,行政执法类公务员,在职\n');
    fs.writeFileSync(path.join(input, 'postings.csv'), 'staff_id,unit_id,position,start_date\nS1,C0,队员,2010-01-01\n');
    const dataDir = path.join(root, 'data-bad');
    const err = await refresh({ input, asOf: '2024-06-30', dataDir }).catch((e) => e);
    expect(err.code).toBe('too_many_rejects');
    const runId = err.result.runId as string;
    expect(fs.existsSync(path.join(dataDir, 'warehouse', 'current.duckdb'))).toBe(false);
    const rejects = JSON.parse(fs.readFileSync(path.join(dataDir, 'warehouse', 'runs', `${runId}.rejects.json`), 'utf8'));
    expect(rejects).toEqual([
      { file: 'staff.csv', sheet: null, row_number: 2, column_name: 'birth_date', value: '1985-02-30', code: 'bad_date', message: 'staff.csv 第2行 birth_date「1985-02-30」不是有效日期' },
    ]);
  });
});
