// Readers on real files written into a temp dir: encodings, headers, XLSX sheets and cells,
// and the SQL macros that type dates and check id numbers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { scanCsv } from '../../pipelines/read/encoding.ts';
import { prepareCsv, readHeader } from '../../pipelines/read/csv.ts';
import { prepareXlsx, cellText } from '../../pipelines/read/xlsx.ts';
import { mapHeaders, normaliseHeader } from '../../pipelines/read/headers.ts';
import { readerMacros } from '../../pipelines/read/sql.ts';
import { detectEntity, sources, sourceByEntity } from '../../pipelines/sources/index.ts';
import { Db } from '../../pipelines/db.ts';
import { idWithChecksum } from '../fixtures/read/ids.ts';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-read-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, data: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};

describe('encoding detection', () => {
  const text = '人员编号,姓名\nS1,张三\nS2,李四\n';
  it('recognises UTF-8, UTF-8 with BOM and GBK', async () => {
    expect((await scanCsv(write('u8.csv', text))).encoding).toBe('utf-8');
    expect((await scanCsv(write('bom.csv', '\ufeff' + text))).encoding).toBe('utf-8-bom');
    expect((await scanCsv(write('gbk.csv', iconv.encode(text, 'gbk')))).encoding).toBe('gb18030');
  });

  it('treats a file as GB18030 when only bytes far into it are not UTF-8', async () => {
    const big = 'a,b\n' + 'x,y\n'.repeat(2_000_000) + '张,三\n';
    expect((await scanCsv(write('late.csv', iconv.encode(big, 'gbk')))).encoding).toBe('gb18030');
    expect((await scanCsv(write('late8.csv', big))).encoding).toBe('utf-8');
  });

  it('keeps a multi-byte character split across read chunks valid', async () => {
    // 4 MiB chunks: put a 3-byte character across the boundary.
    const pad = 'a'.repeat((4 << 20) - 1);
    expect((await scanCsv(write('split.csv', pad + '中文\n'))).encoding).toBe('utf-8');
  });

  it('flags blank lines between records but not at the end', async () => {
    expect((await scanCsv(write('blank.csv', 'a\n1\n\n2\n'))).blankLines).toBe(true);
    expect((await scanCsv(write('blankcrlf.csv', 'a\r\n1\r\n\r\n2\r\n'))).blankLines).toBe(true);
    expect((await scanCsv(write('trail.csv', 'a\n1\n2\n\n\n'))).blankLines).toBe(false);
  });

  it('finds a blank line split across two read chunks, and none where line breaks only meet there', async () => {
    // 4 MiB chunks: the line breaks around the boundary fall on either side of it.
    for (const shift of [-3, -2, -1, 0, 1]) {
      const pad = 'x'.repeat((4 << 20) + shift - 4);
      expect((await scanCsv(write('edge-lf.csv', 'a,b\n' + pad + '\n\n1,2\n'))).blankLines).toBe(true);
      expect((await scanCsv(write('edge-crlf.csv', 'a,b\r\n' + pad + '\r\n\r\n1,2\r\n'))).blankLines).toBe(true);
      expect((await scanCsv(write('edge-none.csv', 'a,b\r\n' + pad + '\r\n1,2\r\n3,4\n'))).blankLines).toBe(false);
      expect((await scanCsv(write('edge-end.csv', 'a,b\n' + pad + '\n\n\r\n'))).blankLines).toBe(false);
    }
  });

  it('transcodes GBK to UTF-8 and reads its header', async () => {
    const p = await prepareCsv(write('人员.csv', iconv.encode('人员编号,"姓,名"\r\nS1,张三\r\n', 'gbk')), dir);
    expect(p.encoding).toBe('gb18030');
    expect(p.header).toEqual(['人员编号', '姓,名']);
    expect(fs.readFileSync(p.path, 'utf8')).toContain('张三');
  });

  it('numbers rows explicitly when blank lines would shift them', async () => {
    const p = await prepareCsv(write('rows.csv', '\ufeffa,b\n1,"x\ny"\n\n2,z\n'), dir);
    expect(p.rowColumn).toBe(true);
    expect(p.header).toEqual(['a', 'b']);
    expect(fs.readFileSync(p.path, 'utf8')).toBe('_row,a,b\n2,1,"x\ny"\n3,\n4,2,z\n');
  });

  it('detects a semicolon or tab delimiter from the header', async () => {
    expect((await readHeader(write('semi.csv', 'a;b;c\n1;2;3\n'))).delimiter).toBe(';');
    expect((await readHeader(write('tab.csv', 'a\tb\n1\t2\n'))).delimiter).toBe('\t');
    expect((await readHeader(write('comma.csv', 'a,b\n'))).delimiter).toBe(',');
  });
});

describe('headers', () => {
  it('ignores spaces, * marks, full-width characters and English case', () => {
    expect(normaliseHeader(' *姓名 ')).toBe('姓名');
    expect(normaliseHeader('＊出生日期')).toBe('出生日期');
    expect(normaliseHeader('ＳＴＡＦＦ＿ＩＤ')).toBe('staff_id');
    expect(normaliseHeader('Staff_ID')).toBe('staff_id');
  });

  it('maps aliases to contract columns and reports unknown and missing ones', () => {
    const m = mapHeaders(sourceByEntity.staff, ['工号', '*姓名', '性别', '出生年月', '学历', '入职日期', '人员类别', '人员状态', '备注', '姓名']);
    expect(m.columns.get('staff_id')).toBe(0);
    expect(m.columns.get('birth_date')).toBe(3);
    expect(m.labels.get('name')).toBe('*姓名');
    expect(m.ignored).toEqual(['备注', '姓名']);
    expect(m.missing).toEqual([]);
    const bad = mapHeaders(sourceByEntity.staff, ['人员编号', '姓名']);
    expect(bad.missing).toContain('gender');
    expect(bad.missing).not.toContain('id_number');
  });

  it('every contract column of every entity has at least one Chinese alias', () => {
    for (const s of sources) for (const c of s.columns) expect(c.aliases.some((a) => /[\u4e00-\u9fff]/.test(a)), `${s.entity}.${c.name}`).toBe(true);
  });
});

describe('detectEntity', () => {
  it.each([
    ['units.csv', 'units'],
    ['机构.xlsx', 'units'],
    ['人员信息_浦东.csv', 'staff'],
    ['staff-2024.xlsx', 'staff'],
    ['STAFF.CSV', 'staff'],
    ['任职经历.csv', 'postings'],
    ['职级.csv', 'ranks'],
    ['appraisals_2023.csv', 'appraisals'],
    ['培训记录.xlsx', 'training'],
    ['奖惩.csv', 'awards'],
    ['cases.csv', 'cases'],
    ['招录计划2024.csv', 'recruitment_plans'],
    ['recruitment_plans.csv', 'recruitment_plans'],
    ['recruitment-plans.xlsx', 'recruitment_plans'],
  ])('%s → %s', (name, entity) => expect(detectEntity(name)).toBe(entity));

  it.each([['staffing.csv'], ['人员.txt'], ['~$人员.xlsx'], ['readme.md'], ['人员.xls']])('%s is not a source file', (name) => expect(detectEntity(name)).toBeNull());
});

describe('xlsx', () => {
  it('reads the sheet named after the entity, with dates, serials, rich text and formulas as text', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['填表说明']);
    const ws = wb.addWorksheet('人员');
    ws.addRow(['人员编号', '*姓名', '出生日期', '进入系统时间', '备注']);
    ws.addRow(['S1', { richText: [{ text: '张' }, { text: '三' }] }, new Date(Date.UTC(1985, 2, 1)), 43525, 'a,"b"']);
    ws.addRow([]);
    ws.addRow(['S2', { formula: 'A1&"x"', result: '李四' }, '1985.03', 0.1 + 0.2, 123456789012]);
    ws.getCell('C2').numFmt = 'yyyy-mm-dd';
    const file = path.join(dir, '人员.xlsx');
    await wb.xlsx.writeFile(file);
    const p = await prepareXlsx(file, dir, ['staff', '人员']);
    expect(p.sheet).toBe('人员');
    expect(p.header).toEqual(['人员编号', '*姓名', '出生日期', '进入系统时间', '备注']);
    expect(fs.readFileSync(p.path, 'utf8')).toBe('_row,人员编号,*姓名,出生日期,进入系统时间,备注\n2,S1,张三,1985-03-01,43525,"a,""b"""\n4,S2,李四,1985.03,0.3,123456789012\n');
  });

  it('finds the header below a title row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('机构');
    ws.addRow(['浦东新区城管执法机构一览表']);
    ws.addRow(['填报单位：浦东新区城管执法局', null, '2024年6月']);
    ws.addRow(['机构代码', '机构名称', '机构类型']);
    ws.addRow(['U1', '浦东新区城管执法局', '区局']);
    const file = path.join(dir, '机构_title.xlsx');
    await wb.xlsx.writeFile(file);
    const p = await prepareXlsx(file, dir, ['units', '机构'], (cells) => mapHeaders(sourceByEntity.units, cells).columns.size);
    expect(p.header).toEqual(['机构代码', '机构名称', '机构类型']);
    expect(fs.readFileSync(p.path, 'utf8')).toBe('_row,机构代码,机构名称,机构类型\n4,U1,浦东新区城管执法局,区局\n');
  });

  it('falls back to the first sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['机构代码']);
    wb.getWorksheet('Sheet1')!.addRow(['U1']);
    wb.addWorksheet('Sheet2').addRow(['x']);
    const file = path.join(dir, 'units.xlsx');
    await wb.xlsx.writeFile(file);
    const p = await prepareXlsx(file, dir, ['units', '机构']);
    expect(p.sheet).toBe('Sheet1');
    expect(fs.readFileSync(p.path, 'utf8')).toBe('_row,机构代码\n2,U1\n');
  });

  it('keeps Chinese text intact across stream chunk boundaries (shared and inline strings)', async () => {
    const names = Array.from({ length: 6000 }, (_, i) => `第${i}号中队队员张${'三四五六七八九'[i % 7]}${i}年${(i % 12) + 1}月`);
    const shared = new ExcelJS.Workbook();
    const ws = shared.addWorksheet('人员');
    ws.addRow(['姓名']);
    for (const n of names) ws.addRow([n]);
    const sharedFile = path.join(dir, '人员_shared.xlsx');
    await shared.xlsx.writeFile(sharedFile);
    const inlineFile = path.join(dir, '人员_inline.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: inlineFile, useSharedStrings: false });
    const wws = writer.addWorksheet('人员');
    wws.addRow(['姓名']).commit();
    for (const n of names) wws.addRow([n]).commit();
    await writer.commit();
    for (const file of [sharedFile, inlineFile]) {
      const p = await prepareXlsx(file, dir, ['staff', '人员']);
      const lines = fs.readFileSync(p.path, 'utf8').trimEnd().split('\n').slice(1);
      expect(lines.map((l) => l.split(',')[1])).toEqual(names);
    }
  });

  it('turns cell values into the text a user sees', () => {
    expect(cellText(true)).toBe('是');
    expect(cellText(1e20)).toBe('100000000000000000000');
    expect(cellText({ text: '链接', hyperlink: 'http://x' })).toBe('链接');
    expect(cellText(null)).toBe('');
  });
});

describe('SQL macros', () => {
  let db: Db;
  beforeAll(async () => {
    db = await Db.open(path.join(dir, 'macros.duckdb'));
    for (const m of readerMacros) await db.run(m);
  });
  afterAll(() => db.close());

  it.each([
    ['2019-03-01', '2019-03-01'],
    ['2019/3/1', '2019-03-01'],
    ['2019.03.01', '2019-03-01'],
    ['2019.03', '2019-03-01'],
    ['2019年3月1日', '2019-03-01'],
    ['2019年3月', '2019-03-01'],
    ['20190301', '2019-03-01'],
    ['201903', '2019-03-01'],
    ['2019-03-01 00:00:00', '2019-03-01'],
    ['43525', '2019-03-01'],
    ['43525.5', '2019-03-01'],
    ['2019-3-1', '2019-03-01'],
    ['2020-02-29', '2020-02-29'],
    ['2019.3.1', '2019-03-01'],
    ['2019年03月01日', '2019-03-01'],
    ['2019-03', '2019-03-01'],
    ['2019/03/01 08:30', '2019-03-01'],
    ['2019.03.01 00:00:00', '2019-03-01'],
    ['2019年3月1日 8:00', '2019-03-01'],
  ])('date %s → %s', async (text, iso) => {
    expect(await db.value(`select duiwu_date($1)::varchar`, [text])).toBe(iso);
  });

  it.each([['2019-02-30'], ['2019-13-01'], ['1985-13-01'], ['2019'], ['2019-3-1x'], ['2019-03-1x'], ['2019-0a-01'], ['19-03-01'], ['abc'], ['2019年13月'], ['20190230'], ['2019/02/30'], ['2019.02.30'], ['2019年2月30日'], ['201913'], ['2019-3/1'], ['2019-03-01 xyz'], ['2019-02-30 00:00:00']])(
    'date %s is rejected',
    async (text) => {
      expect(await db.value(`select duiwu_date($1)`, [text])).toBeNull();
    },
  );

  it('types every date spelling exactly as the translate cascade alone does (fast paths change speed only)', async () => {
    // The cascade as it was before the fast paths: position-tested ISO, ISO/slash by pattern, then duiwu_date_other.
    await db.run(String.raw`create or replace temp macro cascade_date_plain(s) as case
      when length(s) = 10 and substr(s, 5, 1) = '-' and substr(s, 8, 1) = '-' and substr(s, 10, 1) between '0' and '9' then try_cast(s as date)
      when regexp_full_match(s, '\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}') then try_cast(s as date)
      else duiwu_date_other(translate(s, '.年月日', '---'), s) end`);
    const years = ['0000', '0001', '1899', '1900', '1999', '2000', '2019', '2020', '9999', '19', '219', '20190'];
    const parts = ['0', '00', '1', '01', '2', '02', '9', '10', '12', '13', '28', '29', '30', '31', '32', '99', '001', 'a', ''];
    const forms = [
      (y: string, m: string, d: string) => `${y}-${m}-${d}`,
      (y: string, m: string, d: string) => `${y}/${m}/${d}`,
      (y: string, m: string, d: string) => `${y}.${m}.${d}`,
      (y: string, m: string, d: string) => `${y}年${m}月${d}日`,
      (y: string, m: string, d: string) => `${y}年${m}月${d}`,
      (y: string, m: string) => `${y}年${m}月`,
      (y: string, m: string) => `${y}.${m}`,
      (y: string, m: string) => `${y}-${m}`,
      (y: string, m: string) => `${y}/${m}`,
      (y: string, m: string, d: string) => `${y}-${m}/${d}`,
      (y: string, m: string, d: string) => `${y}.${m}-${d}`,
      (y: string, m: string, d: string) => `${y}${m}${d}`,
      (y: string, m: string) => `${y}${m}`,
      (y: string, m: string, d: string) => `${y}-${m}-${d}x`,
      (y: string, m: string, d: string) => `${y}.${m}.${d}.`,
      (y: string, m: string, d: string) => `${y}-${m}-${d} (BC)`,
      (y: string, m: string, d: string) => `${y}:${m}-${d}`,
      (y: string, m: string, d: string) => `${y}-${m}:${d}`,
    ];
    const texts = new Set<string>(['43525', '43525.5', '4352', '435255', '00000', '99999', '.', '年', '-', '', '1e5', '２０１９-03-01', '2019-03-01']);
    for (const y of years) for (const m of parts) for (const d of parts) for (const f of forms) texts.add(f(y, m, d));
    await db.run(`create or replace table date_texts (s varchar)`);
    const appender = await db.conn.createAppender('date_texts');
    for (const t of texts) {
      appender.appendVarchar(t);
      appender.endRow();
    }
    appender.closeSync();
    const counts = await db.one<{ n: number; parsed: number; differ: number }>(`
      select count(*)::int as n, count(duiwu_date_plain(s))::int as parsed,
        count(*) filter (where duiwu_date_plain(s) is distinct from cascade_date_plain(s))::int as differ
      from date_texts`);
    expect(counts!.n).toBeGreaterThan(50_000);
    expect(counts!.parsed).toBeGreaterThan(4_000);
    expect(await db.all(`select s from date_texts where duiwu_date_plain(s) is distinct from cascade_date_plain(s) limit 5`)).toEqual([]);
    expect(counts!.differ).toBe(0);
  });

  it('checks id numbers: format, birth digits, checksum', async () => {
    const valid = idWithChecksum('11010519491231002');
    expect(valid).toBe('11010519491231002X');
    const problem = (s: string) => db.value(`select duiwu_id_problem(upper($1))`, [s]);
    expect(await problem(valid)).toBeNull();
    expect(await problem(valid.toLowerCase())).toBeNull();
    expect(await problem(idWithChecksum('31010119850301123'))).toBeNull();
    expect(await problem('110105194912310021')).toBe('bad_id_checksum');
    expect(await problem('11010519491231002')).toBe('bad_id_format');
    expect(await problem('1101051949123100AX')).toBe('bad_id_format');
    expect(await problem(idWithChecksum('11010519490231002'))).toBe('bad_id_birth');
    expect(await db.value(`select duiwu_mask_id($1)`, [valid])).toBe('110105********002X');
  });
});
