// loadSources on real files (UTF-8 with BOM, GBK, XLSX with Chinese headers) into a real DuckDB file:
// every kind of reject with its file/sheet/row/column/value/code, the refusals, and the id number
// never reaching a src_/published table in clear.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { Db } from '../../pipelines/db.ts';
import { loadSources, idHashExpr, idHashParams, type LoadOptions, type LoadResult } from '../../pipelines/load.ts';
import { PipelineError } from '../../pipelines/messages.ts';
import { sources } from '../../pipelines/sources/index.ts';
import { idWithChecksum } from '../fixtures/read/ids.ts';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-load-test-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let counter = 0;
function folder(files: Record<string, string | Buffer>): string {
  const dir = path.join(root, `in${++counter}`);
  fs.mkdirSync(dir);
  for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), data);
  return dir;
}

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await Db.open(path.join(root, `db${++counter}.duckdb`));
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** Names of the tables and views left in the database. */
async function tablesAndViews(db: Db): Promise<string[]> {
  const rows = await db.all<{ t: string }>(
    `select table_name as t from duckdb_tables() where database_name = current_database() union all select view_name from duckdb_views() where database_name = current_database() and not internal order by 1`,
  );
  return rows.map((r) => r.t);
}

const opts = (extra: Partial<LoadOptions> = {}): LoadOptions => ({ runId: 'run-1', secretKeyFile: path.join(root, 'keys', 'secret.key'), maxRejectRatio: 1, ...extra });

const unitsCsv =
  '\ufeff机构代码,机构名称, 机构类型 ,上级机构代码,所属区,成立日期,承继机构代码,备注\n' +
  'U0,市城管执法局,市局,,,2000-01-01,,\n' +
  'U1,"浦东\n区局",区局,U0,浦东新区,2000/1/1,,\n' + // a line break inside quotes: still one record, row 3
  'U2,花木中队,中队,U1,浦东新区,2010.03,,\n' +
  'U3,旧中队,中队,U1,浦东新区,201001,U2,\n' +
  'U4,坏中队,中队,UX,浦东新区,,,\n' + // unknown parent
  'U1,重复,区局,U0,,,,\n' + // duplicate key
  'U5,某科,科室甲,U1,,,,\n'; // bad enum

const id1 = idWithChecksum('31011519850301123'); // male digit 3
const id2 = idWithChecksum('31011519900615124'); // female digit 4
const idLower = idWithChecksum('11010519491231002').toLowerCase(); // ends with x
const idBadSum = id1.slice(0, 17) + (id1[17] === '0' ? '1' : '0');
const idWrongGender = idWithChecksum('31011519880101125'); // digit 17 = 5, male, given as 女

async function staffXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填表说明').addRow(['本表为人员信息']);
  const ws = wb.addWorksheet('人员');
  ws.addRow(['＊人员编号', '*姓名', '性别', '出生日期', '身份证号', '政治面貌', '学历', '进入系统时间', '人员类别', '人员状态', '状态变更日期', '法律职业资格', 'ＭＡＪＯＲ']);
  ws.addRow(['S1', '张三', '男', new Date(Date.UTC(1985, 2, 1)), id1, '党员', '本科', 39264, '行政执法类', '在职', null, '是', '法学']); // row 2
  ws.addRow(['S2', '李四', '女', '1990年6月15日', id2, '中共党员', '硕士研究生', '2015-07-01', '行政执法类公务员', '在职', null, '否', null]); // row 3
  ws.addRow(['S3', '王五', '女', '1949-12-31', idLower, '群众', '大专', '1970-01-01', '综合管理类公务员', '退休', '2009-12-31', null, null]); // row 4
  ws.addRow(['S4', '赵六', '男', '1985-13-01', null, null, '本科', '2010-01-01', '行政执法类公务员', '在职', null, null, null]); // row 5 bad date
  ws.addRow(['S5', '钱七', '男', '1985-03-01', idBadSum, null, '本科', '2010-01-01', '行政执法类公务员', '在职', null, null, null]); // row 6 bad checksum
  ws.addRow([]); // row 7 blank: skipped, numbering kept
  ws.addRow(['S6', null, '男', '1985-03-01', null, null, '本科', '2010-01-01', '行政执法类公务员', '在职', null, null, null]); // row 8 missing name
  ws.addRow(['S7', '孙八', '男', '1960-01-01', null, null, '本科', '1980-01-01', '行政执法类公务员', '退休', null, null, null]); // row 9 status_date required
  ws.addRow(['S8', '周九', '女', '1988-01-01', idWrongGender, null, '本科', '2010-01-01', '行政执法类公务员', '在职', null, null, null]); // row 10 gender warning
  ws.addRow(['S9', '吴十', '男', '1988-01-01', null, null, '本科', '2010-01-01', '协管员', '在职', null, '也许', null]); // row 11 bad boolean
  ws.getCell('D2').numFmt = 'yyyy-mm-dd';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const postingsGbk = iconv.encode(
  '人员编号,机构代码,职务,任职日期,免职日期,是否主要负责人,任职类型,职务层次\r\n' +
    'S1,U2,中队长,2015-03-01,,是,,正科级\r\n' + // row 2
    'S2,U2,队员,2019年3月,,否,借调,\r\n' + // row 3
    'S1,U2,中队长,2015/3/1,,是,任职,\r\n' + // row 4 duplicate of row 2
    'S4,U2,队员,2019-03-01,,,,\r\n' + // row 5 S4 was rejected → unknown_staff
    'SX,U2,队员,2019-03-01,,,,\r\n' + // row 6 unknown staff
    'S3,U9,队员,2019-03-01,,,,\r\n' + // row 7 unknown unit
    'S3,U3,队员,2019-03-01,2018-01-01,,,\r\n' + // row 8 end before start
    'S2,U3,队员,2010-03-01,2015-02-28,,,\r\n', // row 9 fine
  'gbk',
);

const trainingCsv =
  'staff_id,course,category,start_date,hours,days\n' +
  'S1,初任培训班,初任培训,2008-01-01,90,12\n' + // row 2
  'S1,业务班,专门业务培训,2020-01-01,0,\n' + // row 3 hours must be > 0
  'S2,业务班,业务培训,2020-01-01,8,-1\n' + // row 4 days out of range
  'S2,研讨,在职培训,2020-05-01,abc,\n'; // row 5 bad number

const casesCsv = 'staff_id,year,month,cases_handled\nS1,2023,,40\nS1,2023,13,4\nS1,2024,1,-1\nS2,2024,1,3.5\nS1,2023,,41\n';
const appraisalsCsv = 'staff_id,年度,考核等次,考核周期,绩效得分\nS1,2023,优秀,,95\nS1,2023,称职,年度,\nS2,2023,合格,一季度,101\n';

describe('loadSources on a folder with every kind of problem', () => {
  let result: LoadResult;
  let rejects: Record<string, unknown>[];
  let warnings: Record<string, unknown>[];
  let tables: Record<string, Record<string, unknown>[]> = {};
  let columnTypes: { table_name: string; column_name: string; data_type: string }[];
  let allText: string;
  let tableNames: string[];
  const progress: string[] = [];

  beforeAll(async () => {
    const dir = folder({
      '机构.csv': unitsCsv,
      '人员.xlsx': await staffXlsx(),
      '任职经历.csv': postingsGbk,
      'training.csv': trainingCsv,
      '办案.csv': casesCsv,
      '考核.csv': appraisalsCsv,
      '说明.txt': 'not data',
    });
    await withDb(async (db) => {
      result = await loadSources(db, dir, {
        ...opts(),
        onProgress: (d, n, l) => progress.push(`read ${d}/${n} ${l ?? ''}`),
        onValidate: (d, n, l) => progress.push(`validate ${d}/${n} ${l ?? ''}`),
      });
      rejects = await db.all(`select * from rejects order by file, row_number`);
      warnings = await db.all(`select * from warnings order by file, row_number, code`);
      for (const t of ['src_units', 'src_staff', 'src_postings', 'src_training', 'src_cases', 'src_appraisals', 'src_ranks']) tables[t] = await db.all(`select * from ${t} order by _row`);
      tableNames = await tablesAndViews(db);
      columnTypes = await db.all(`select table_name, column_name, data_type from duckdb_columns() where table_name like 'src_%' order by table_name, column_index`);
      // Every text value of every table left in the database, to look for full id numbers.
      const cols = await db.all<{ table_name: string; column_name: string }>(`select table_name, column_name from duckdb_columns() where data_type = 'VARCHAR' and database_name = current_database() and schema_name = 'main' and not internal`);
      const parts: string[] = [];
      for (const c of cols) {
        const vals = await db.all<{ v: string }>(`select "${c.column_name}" as v from "${c.table_name}" where "${c.column_name}" is not null`);
        parts.push(...vals.map((v) => v.v));
      }
      allText = parts.join('\n');
    });
  });

  const reject = (file: string, row: number) => rejects.filter((r) => r.file === file && r.row_number === row);
  const one = (file: string, row: number) => {
    const r = reject(file, row);
    expect(r, `${file} row ${row}`).toHaveLength(1);
    return r[0];
  };

  it('checks entities two or three at a time into the same tables as one by one, reports in entity order', async () => {
    const dir = folder({ '机构.csv': unitsCsv, '人员.xlsx': await staffXlsx(), '任职经历.csv': postingsGbk, 'training.csv': trainingCsv, '办案.csv': casesCsv, '考核.csv': appraisalsCsv, '说明.txt': 'not data' });
    const dump = (lanes: number) =>
      withDb(async (db) => {
        await loadSources(db, dir, opts({ lanes }));
        const names = await tablesAndViews(db);
        const out: Record<string, unknown> = { names };
        // rejects and warnings in the order they were written; sources sorted
        for (const t of names) {
          const exclude = /_file\d+$/.test(t) ? '' : `exclude (${/^src_/.test(t) ? '_file' : 'run_id'})`;
          out[t] = await db.all(`select * ${exclude} from ${t} ${/^src_/.test(t) ? 'order by all' : 'order by rowid'}`);
        }
        return out;
      });
    const one = await dump(1);
    expect(await dump(2)).toEqual(one);
    expect(await dump(3)).toEqual(one);
    expect(one.names).not.toContainEqual(expect.stringMatching(/^tmp_/));
    const files = (one.rejects as { file: string }[]).map((r) => r.file);
    // units' rejects first, staff's next, … as the entities come in sources/index.ts
    expect([...new Set(files)]).toEqual(['机构.csv', '人员.xlsx', '任职经历.csv', '考核.csv', 'training.csv', '办案.csv']);
  });

  it('reports each file', () => {
    const byFile = Object.fromEntries(result.files.map((f) => [f.file, f]));
    expect(byFile['机构.csv']).toMatchObject({ entity: 'units', encoding: 'utf-8-bom', rowsRead: 7, rowsRejected: 3, rowsLoaded: 4, ignoredColumns: ['备注'] });
    expect(byFile['人员.xlsx']).toMatchObject({ entity: 'staff', encoding: 'xlsx', sheet: '人员', rowsRead: 9, rowsRejected: 5, rowsLoaded: 4 });
    expect(byFile['任职经历.csv']).toMatchObject({ entity: 'postings', encoding: 'gb18030', rowsRead: 8, rowsRejected: 5, rowsLoaded: 3 });
    expect(byFile['training.csv']).toMatchObject({ encoding: 'utf-8', rowsRead: 4, rowsRejected: 3 });
    expect(result.missingEntities).toEqual(['ranks', 'awards', 'recruitment_plans']);
    expect(result.ignoredFiles).toEqual(['说明.txt']);
    expect(progress).toContain('read 6/6 办案.csv');
    // entities are checked side by side, so the last one reported is whichever finished last
    const validation = progress.filter((p) => p.startsWith('validate'));
    expect(validation.at(-1)).toMatch(/^validate 9\/9 \w+$/);
    expect(validation.map((p) => p.split(' ')[2]).filter(Boolean).sort()).toEqual([...sources.map((d) => d.entity)].sort());
  });

  it('rejects units: unknown parent, duplicate key, bad enum', () => {
    expect(one('机构.csv', 6)).toMatchObject({ column_name: 'parent_id', value: 'UX', code: 'unknown_unit', sheet: null, run_id: 'run-1' });
    expect(one('机构.csv', 7)).toMatchObject({ column_name: 'unit_id', value: 'U1', code: 'duplicate_key' });
    expect(one('机构.csv', 8)).toMatchObject({ column_name: 'unit_type', value: '科室甲', code: 'bad_enum' });
    expect(one('机构.csv', 8).message).toContain('机构.csv 第8行 机构类型「科室甲」');
    expect(tables.src_units.map((u) => u.unit_id)).toEqual(['U0', 'U1', 'U2', 'U3']);
    expect(tables.src_units[1]).toMatchObject({ unit_name: '浦东\n区局', _row: 3 });
    expect(tables.src_units[3]).toMatchObject({ valid_from: '2010-01-01', replaced_by: 'U2', _row: 5, _file: '机构.csv' });
    expect(tables.src_units[2].valid_from).toBe('2010-03-01');
  });

  it('rejects staff rows with the row number Excel shows and a Chinese message', () => {
    expect(one('人员.xlsx', 5)).toMatchObject({ sheet: '人员', column_name: 'birth_date', value: '1985-13-01', code: 'bad_date', message: '人员.xlsx 第5行 出生日期「1985-13-01」不是有效日期' });
    const sum = one('人员.xlsx', 6);
    expect(sum).toMatchObject({ column_name: 'id_number', code: 'bad_id_checksum' });
    expect(sum.value).toBe(idBadSum.slice(0, 6) + '********' + idBadSum.slice(14));
    expect(one('人员.xlsx', 8)).toMatchObject({ column_name: 'name', code: 'required', value: null });
    expect(one('人员.xlsx', 8).message).toBe('人员.xlsx 第8行 *姓名为必填项，不能为空');
    expect(one('人员.xlsx', 9)).toMatchObject({ column_name: 'status_date', code: 'required' });
    expect(one('人员.xlsx', 11)).toMatchObject({ column_name: 'legal_qualification', value: '也许', code: 'bad_boolean' });
  });

  it('types staff values, applies synonyms, masks and hashes the id number', () => {
    const s = Object.fromEntries(tables.src_staff.map((r) => [r.staff_id, r]));
    expect(Object.keys(s).sort()).toEqual(['S1', 'S2', 'S3', 'S8']);
    expect(s.S1).toMatchObject({ _file: '人员.xlsx', _sheet: '人员', _row: 2, birth_date: '1985-03-01', join_date: '2007-07-01', political_status: '中共党员', category: '行政执法类公务员', legal_qualification: true, major: '法学' });
    expect(s.S1.id_number).toBe('310115********' + id1.slice(14));
    expect(s.S2).toMatchObject({ birth_date: '1990-06-15', legal_qualification: false });
    expect(s.S3).toMatchObject({ status: '退休', status_date: '2009-12-31', id_number: '110105********002X' });
    const key = Buffer.from(fs.readFileSync(opts().secretKeyFile, 'utf8').trim(), 'hex');
    expect(key.length).toBe(32);
    expect(fs.statSync(opts().secretKeyFile).mode & 0o777).toBe(0o600);
    expect(s.S1.id_hash).toBe(crypto.createHmac('sha256', key).update(id1).digest('hex'));
    expect(s.S3.id_hash).toBe(crypto.createHmac('sha256', key).update(idLower.toUpperCase()).digest('hex'));
    expect(s.S2.id_hash).toBe(crypto.createHmac('sha256', key).update(id2).digest('hex'));
    expect(s.S2.id_hash).not.toBe(s.S1.id_hash);
  });

  it('never leaves a full id number in any table', () => {
    for (const id of [id1, id2, idLower, idLower.toUpperCase(), idBadSum, idWrongGender]) expect(allText).not.toContain(id);
    expect(allText).toContain('310115********');
  });

  it('warns about an id number whose gender digit disagrees, and about ignored columns and files', () => {
    expect(warnings.find((w) => w.code === 'id_gender_mismatch')).toMatchObject({ file: '人员.xlsx', row_number: 10, column_name: 'id_number', value: idWrongGender.slice(0, 6) + '********' + idWrongGender.slice(14) });
    expect(warnings.find((w) => w.code === 'ignored_column')).toMatchObject({ file: '机构.csv', column_name: '备注' });
    expect(warnings.find((w) => w.code === 'unrecognised_file')).toMatchObject({ file: '说明.txt' });
    expect(warnings.filter((w) => w.code === 'id_gender_mismatch')).toHaveLength(1);
  });

  it('rejects postings: duplicate key, unknown (or rejected) staff, unknown unit, end before start', () => {
    expect(one('任职经历.csv', 4)).toMatchObject({ column_name: 'staff_id+unit_id+start_date', value: 'S1/U2/2015-03-01', code: 'duplicate_key' });
    expect(one('任职经历.csv', 5)).toMatchObject({ column_name: 'staff_id', value: 'S4', code: 'unknown_staff' });
    expect(one('任职经历.csv', 6)).toMatchObject({ column_name: 'staff_id', value: 'SX', code: 'unknown_staff' });
    expect(one('任职经历.csv', 6).message).toContain('任职经历.csv 第6行 人员编号「SX」');
    expect(one('任职经历.csv', 7)).toMatchObject({ column_name: 'unit_id', value: 'U9', code: 'unknown_unit' });
    expect(one('任职经历.csv', 8)).toMatchObject({ column_name: 'end_date', value: '2018-01-01', code: 'end_before_start' });
    const p = tables.src_postings;
    expect(p.map((r) => r._row)).toEqual([2, 3, 9]);
    expect(p[0]).toMatchObject({ is_principal: true, posting_type: '任职', leadership_level: '正科' });
    expect(p[1]).toMatchObject({ start_date: '2019-03-01', is_principal: false, posting_type: '借调' });
  });

  it('rejects out-of-range and non-numeric training, cases and appraisals values', () => {
    expect(one('training.csv', 3)).toMatchObject({ column_name: 'hours', value: '0', code: 'out_of_range' });
    expect(one('training.csv', 4)).toMatchObject({ column_name: 'days', value: '-1', code: 'out_of_range' });
    expect(one('training.csv', 5)).toMatchObject({ column_name: 'hours', value: 'abc', code: 'bad_number' });
    expect(tables.src_training[0]).toMatchObject({ hours: 90, days: 12, category: '初任培训' });
    expect(one('办案.csv', 3)).toMatchObject({ column_name: 'month', value: '13', code: 'out_of_range' });
    expect(one('办案.csv', 4)).toMatchObject({ column_name: 'cases_handled', value: '-1', code: 'out_of_range' });
    expect(one('办案.csv', 5)).toMatchObject({ column_name: 'cases_handled', value: '3.5', code: 'bad_integer' });
    // Two whole-year rows for the same person and year: the second is a duplicate.
    expect(one('办案.csv', 6)).toMatchObject({ column_name: 'staff_id+year+month', code: 'duplicate_key' });
    expect(one('考核.csv', 3)).toMatchObject({ code: 'duplicate_key', value: 'S1/2023/年度' });
    expect(one('考核.csv', 4)).toMatchObject({ column_name: 'score', value: '101', code: 'out_of_range' });
    expect(tables.src_appraisals[0]).toMatchObject({ year: 2023, grade: '优秀', period: '年度', score: 95 });
  });

  it('gives every src_ table the contract columns and types, also when the entity had no file', () => {
    const expected: Record<string, string> = { text: 'VARCHAR', enum: 'VARCHAR', id_number: 'VARCHAR', date: 'DATE', integer: 'INTEGER', number: 'DOUBLE', boolean: 'BOOLEAN' };
    for (const s of sources) {
      const cols = columnTypes.filter((c) => c.table_name === `src_${s.entity}`).map((c) => `${c.column_name}:${c.data_type}`);
      const want = ['_file:VARCHAR', '_sheet:VARCHAR', '_row:INTEGER'];
      for (const c of s.columns) {
        want.push(`${c.name}:${expected[c.type]}`);
        if (c.type === 'id_number') want.push('id_hash:VARCHAR');
      }
      expect(cols, s.entity).toEqual(want);
    }
    expect(tables.src_ranks).toEqual([]);
  });

  it('leaves only src_ tables, their files’ checked rows, rejects and warnings behind (no raw or hash table)', () => {
    // staff's src_ is a copy (id numbers masked and hashed) and its file tables are gone; the other
    // entities' src_ are views over one table per file (机构.csv is file 1, …), empty entities tables
    expect(tableNames).toEqual([
      'rejects',
      ...['appraisals', 'appraisals_file4', 'awards', 'cases', 'cases_file6', 'postings', 'postings_file3', 'ranks', 'recruitment_plans', 'staff', 'training', 'training_file5', 'units', 'units_file1'].map((t) => `src_${t}`),
      'warnings',
    ]);
  });
});

describe('id number hashes', () => {
  it('are the keyed HMAC-SHA256 of each number, as Node computes it, for short and long keys', async () => {
    const ids = Array.from({ length: 20_001 }, (_, i) => idWithChecksum(String(31011519850301000n + BigInt(i)).padStart(17, '0')));
    await withDb(async (db) => {
      await db.run(`create table ids as select unnest(string_split($1, ',')) as id`, [ids.join(',')]);
      for (const key of [crypto.randomBytes(32), crypto.randomBytes(64), crypto.randomBytes(100)]) {
        const got = await db.all<{ id: string; h: string }>(`select id, ${idHashExpr('id')} as h from ids order by id`, idHashParams(key));
        expect(got).toHaveLength(ids.length);
        expect(got.filter((r) => r.h !== crypto.createHmac('sha256', key).update(r.id).digest('hex'))).toEqual([]);
      }
    });
  });
});

describe('loadSources refusals', () => {
  const minimal = {
    'units.csv': 'unit_id,unit_name,unit_type\nU0,市局,市局\n',
    'staff.csv': 'staff_id,name,gender,birth_date,education,join_date,category,status\nS1,张三,男,1985-03-01,本科,2010-01-01,行政执法类公务员,在职\n',
    'postings.csv': 'staff_id,unit_id,position,start_date\nS1,U0,队员,2010-01-01\n',
  };

  it('loads a minimal folder', async () => {
    const r = await withDb((db) => loadSources(db, folder(minimal), opts()));
    expect(r.files.map((f) => f.rowsLoaded)).toEqual([1, 1, 1]);
  });

  it('fails when a required entity has no file', async () => {
    const { 'postings.csv': _, ...rest } = minimal;
    const err = await withDb((db) => loadSources(db, folder(rest), opts())).catch((e) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect(err.code).toBe('missing_entity');
    expect(err.message).toContain('任职');
  });

  it('fails when a required column is missing, naming the file and the accepted headers', async () => {
    const err = await withDb((db) => loadSources(db, folder({ ...minimal, 'staff.csv': 'staff_id,name,birth_date,education,join_date,category,status\nS1,张三,1985-03-01,本科,2010-01-01,行政执法类公务员,在职\n' }), opts())).catch((e) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect(err.code).toBe('missing_column');
    expect(err.message).toContain('staff.csv');
    expect(err.message).toContain('性别');
  });

  it('fails when an entity rejects more than the allowed share of its rows', async () => {
    const staff = minimal['staff.csv'] + 'S2,李四,女,1985-13-01,本科,2010-01-01,行政执法类公务员,在职\n';
    const ok = await withDb((db) => loadSources(db, folder({ ...minimal, 'staff.csv': staff }), opts({ maxRejectRatio: 0.5 })));
    expect(ok.files.find((f) => f.entity === 'staff')!.rowsRejected).toBe(1);
    const err = await withDb((db) => loadSources(db, folder({ ...minimal, 'staff.csv': staff }), opts({ maxRejectRatio: 0.4 }))).catch((e) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect(err.code).toBe('too_many_rejects');
    expect(err.message).toContain('50%');
    expect(err.detail).toMatchObject({ entity: 'staff', total: 2, rejected: 1 });
  });

  it('reports the missing column of a later file rather than the rejects of an earlier entity (files are read while entities are checked)', async () => {
    const staff = minimal['staff.csv'] + 'S2,李四,女,1985-13-01,本科,2010-01-01,行政执法类公务员,在职\n';
    const files = { ...minimal, 'staff.csv': staff, 'training.csv': 'staff_id,course,start_date,hours\nS1,法规,2020-01-01,8\n' };
    const err = await withDb((db) => loadSources(db, folder(files), opts({ maxRejectRatio: 0.1 }))).catch((e) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect(err.code).toBe('missing_column');
    expect(err.message).toContain('training.csv');
    // with the training file whole, the staff rejects are what stops the run
    const whole = { ...files, 'training.csv': 'staff_id,course,category,start_date,hours\nS1,法规,在职培训,2020-01-01,8\n' };
    expect((await withDb((db) => loadSources(db, folder(whole), opts({ maxRejectRatio: 0.1 }))).catch((e) => e)).code).toBe('too_many_rejects');
  });

  it('fails when no file is recognised', async () => {
    const err = await withDb((db) => loadSources(db, folder({ 'notes.csv': 'a\n1\n' }), opts())).catch((e) => e);
    expect(err.code).toBe('no_files');
  });

  it('concatenates several files of one entity; a column missing in one file is NULL there', async () => {
    const dir = folder({
      ...minimal,
      // Cells padded with a tab, a full-width and a no-break space are trimmed.
      '人员_浦东.csv': '人员编号,姓名,性别,出生日期,学历,进入系统时间,人员类别,人员状态,专业\n\tS2\u3000,李四,女, 1990-01-01\u00a0,本科,2015-01-01,行政执法类公务员,在职,法学\n',
    });
    await withDb(async (db) => {
      const r = await loadSources(db, dir, opts());
      expect(r.files.filter((f) => f.entity === 'staff').map((f) => f.file)).toEqual(['staff.csv', '人员_浦东.csv']);
      const rows = await db.all(`select staff_id, major, _file from src_staff order by staff_id`);
      expect(rows).toEqual([
        { staff_id: 'S1', major: null, _file: 'staff.csv' },
        { staff_id: 'S2', major: '法学', _file: '人员_浦东.csv' },
      ]);
    });
  });

  it('trims blanks in GBK files and in files with plain spaces only, as in any other file', async () => {
    const dir = folder({
      ...minimal,
      '人员_甲.csv': iconv.encode('人员编号,姓名,性别,出生日期,学历,进入系统时间,人员类别,人员状态\n\u3000S2,李四\u3000,女,1990-01-01,本科,2015-01-01,行政执法类公务员,在职\n', 'gbk'),
      '人员_乙.csv': '人员编号,姓名,性别,出生日期,学历,进入系统时间,人员类别,人员状态\n S3 ,王五 , 男,1991-01-01 ,本科,2015-01-01,行政执法类公务员,在职\n',
    });
    await withDb(async (db) => {
      await loadSources(db, dir, opts());
      expect(await db.all(`select staff_id, name, gender, birth_date::varchar as birth_date from src_staff where staff_id in ('S2', 'S3') order by staff_id`)).toEqual([
        { staff_id: 'S2', name: '李四', gender: '女', birth_date: '1990-01-01' },
        { staff_id: 'S3', name: '王五', gender: '男', birth_date: '1991-01-01' },
      ]);
    });
  });

  it('reports one reason per row: a failed column check before a duplicate key before an unknown reference', async () => {
    const dir = folder({
      ...minimal,
      'training.csv':
        'staff_id,course,category,start_date,hours\n' +
        'SX,法规,在职培训,2020-01-01,8\n' + // row 2: unknown staff (the first of its key)
        'SX,法规,在职培训,2020-01-01,8\n' + // row 3: same key again → duplicate, not unknown
        'SX,规范,在职培训,2020-13-01,8\n' + // row 4: bad date wins over the unknown staff
        'S1,法规,在职培训,2020-01-01,8\n' + // row 5: fine
        'S1,法规,在职培训,2020-01-01,0\n', // row 6: out of range, so not a duplicate of row 5
    });
    await withDb(async (db) => {
      const r = await loadSources(db, dir, opts());
      expect(await db.all(`select row_number, column_name, value, code from rejects where file = 'training.csv' order by row_number`)).toEqual([
        { row_number: 2, column_name: 'staff_id', value: 'SX', code: 'unknown_staff' },
        { row_number: 3, column_name: 'staff_id+course+start_date', value: 'SX/法规/2020-01-01', code: 'duplicate_key' },
        { row_number: 4, column_name: 'start_date', value: '2020-13-01', code: 'bad_date' },
        { row_number: 6, column_name: 'hours', value: '0', code: 'out_of_range' },
      ]);
      expect(await db.all(`select _row, staff_id from src_training`)).toEqual([{ _row: 5, staff_id: 'S1' }]);
      expect(r.files.find((f) => f.file === 'training.csv')).toMatchObject({ rowsRead: 5, rowsLoaded: 1, rowsRejected: 4 });
    });
  });

  it('numbers the rows of a file read by several threads at once in file order, empty rows counted and left out', async () => {
    // DuckDB splits a CSV above its 32 MB buffer between threads; rows are numbered from their place
    // in the written table, so every row's number must still be its line: the course holds it here.
    const n = 700_000;
    const lines: string[] = ['人员编号,培训项目,培训类别,开始日期,学时'];
    for (let row = 2; row <= n + 1; row++) lines.push(row % 99_991 === 0 ? ',,,,' : `S1,课程${row}号：城市管理综合执法业务能力提升专题培训班第${row % 97}期,在职培训,2020-01-01,${(row % 40) + 1}`);
    const dir = folder({
      'units.csv': '机构代码,机构名称,机构类型\nU0,市局,市局\n',
      'staff.csv': '人员编号,姓名,性别,出生日期,学历,进入系统时间,人员类别,人员状态\nS1,张一,男,1985-03-01,本科,2010-01-01,行政执法类公务员,在职\n',
      'postings.csv': 'staff_id,unit_id,position,start_date\nS1,U0,队员,2010-01-01\n',
      'training.csv': lines.join('\n') + '\n',
    });
    expect(fs.statSync(path.join(dir, 'training.csv')).size).toBeGreaterThan(64 << 20);
    await withDb(async (db) => {
      const r = await loadSources(db, dir, opts());
      const blank = Math.floor((n + 1) / 99_991);
      expect(r.files.find((f) => f.file === 'training.csv')).toMatchObject({ rowsRead: n - blank, rowsLoaded: n - blank, rowsRejected: 0 });
      expect(await db.one(`select count(*)::int as rows, count(*) filter (where course <> '课程' || _row || '号：城市管理综合执法业务能力提升专题培训班第' || (_row % 97) || '期')::int as misnumbered,
        min(_row) as first, max(_row) as last from src_training`)).toEqual({ rows: n - blank, misnumbered: 0, first: 2, last: n + 1 });
    });
  }, 60_000);

  it('reads GB18030 files with blank lines of several entities, their UTF-8 copies written while earlier entities are checked', async () => {
    const rows = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\r\n') + '\r\n';
    const staff = '人员编号,姓名,性别,出生日期,学历,进入系统时间,人员类别,人员状态\r\n' + rows(3000, (i) => `S${i},张${i},男,1985.03.01,本科,2010年1月1日,行政执法类公务员,在职`);
    const postings = '人员编号,机构代码,职务,开始日期\r\n' + rows(3000, (i) => `S${i},U0,队员,2010-01-01`) + '\r\n' + rows(2, (i) => `S${i},U0,科员,2012/1/1`);
    const dir = folder({
      'units.csv': iconv.encode('机构代码,机构名称,机构类型\nU0,市局,市局\n', 'gb18030'),
      '人员.csv': iconv.encode(staff, 'gb18030'),
      '任职.csv': iconv.encode(postings, 'gb18030'),
    });
    await withDb(async (db) => {
      const r = await loadSources(db, dir, opts());
      expect(r.files.map((f) => [f.file, f.encoding, f.rowsLoaded, f.rowsRejected])).toEqual([
        ['units.csv', 'gb18030', 1, 0],
        ['人员.csv', 'gb18030', 3000, 0],
        ['任职.csv', 'gb18030', 3002, 0],
      ]);
      expect(await db.one(`select _row, name, birth_date::varchar as birth_date from src_staff where staff_id = 'S2999'`)).toEqual({ _row: 3001, name: '张2999', birth_date: '1985-03-01' });
      // The blank line is row 3002: the rows after it keep the numbers Excel shows.
      expect(await db.all(`select _row, position from src_postings where _row > 3000 order by _row`)).toEqual([
        { _row: 3001, position: '队员' },
        { _row: 3003, position: '科员' },
        { _row: 3004, position: '科员' },
      ]);
    });
  });

  it('reads a tab-separated file with blank lines at the row numbers Excel shows', async () => {
    const dir = folder({
      'units.csv': '机构代码,机构名称,机构类型\nU0,市局,市局\n',
      'postings.csv': 'staff_id,unit_id,position,start_date\nS1,U0,队员,2010-01-01\n',
      'staff.tsv.csv': '人员编号\t姓名\t性别\t出生日期\t学历\t进入系统时间\t人员类别\t人员状态\nS1\t张一\t男\t1985-03-01\t本科\t2010-01-01\t行政执法类公务员\t在职\n\nS2\t张二\t男\t1985-13-01\t本科\t2010-01-01\t行政执法类公务员\t在职\nS3\t张三\t女\t1986-01-01\t本科\t2010-01-01\t行政执法类公务员\t在职\n',
    });
    await withDb(async (db) => {
      await loadSources(db, dir, opts());
      expect(await db.all(`select _row, staff_id, name from src_staff order by _row`)).toEqual([
        { _row: 2, staff_id: 'S1', name: '张一' },
        { _row: 5, staff_id: 'S3', name: '张三' },
      ]);
      expect(await db.all(`select file, row_number, column_name, code from rejects`)).toEqual([{ file: 'staff.tsv.csv', row_number: 4, column_name: 'birth_date', code: 'bad_date' }]);
    });
  });

  it('rejects a duplicate key across two files of one entity, keeping the first file’s row', async () => {
    const dir = folder({ ...minimal, 'staff_2.csv': minimal['staff.csv'] });
    await withDb(async (db) => {
      await loadSources(db, dir, opts());
      expect(await db.all(`select file, row_number, code from rejects`)).toEqual([{ file: 'staff_2.csv', row_number: 2, code: 'duplicate_key' }]);
    });
  });
});
