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
import { decodeGb18030 } from '../../pipelines/read/gb18030.ts';
import zlib from 'node:zlib';
import { prepareXlsx, isDateFormatCode } from '../../pipelines/read/xlsx.ts';
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

  it('notes whether a file may hold tabs, no-break or ideographic spaces (cells are then tested for them)', async () => {
    expect((await scanCsv(write('plain.csv', 'a,b\n x ,y \n'))).otherBlanks).toBe(false);
    expect((await scanCsv(write('gbk-plain.csv', iconv.encode('人员编号,姓名\n S1 ,张三\n', 'gbk')))).otherBlanks).toBe(false);
    // header names padded with ideographic or no-break spaces: only the data counts
    expect((await scanCsv(write('padded-header.csv', '工\u3000号,姓\u00a0名\tx\nS1,张三\n')))).toMatchObject({ otherBlanks: false, encoding: 'utf-8' });
    expect((await scanCsv(write('gb-padded-header.csv', iconv.encode('工\u3000号,姓名\r\nS1,张三\r\n', 'gb18030'))))).toMatchObject({ otherBlanks: false, encoding: 'gb18030' });
    expect((await scanCsv(write('padded-both.csv', '工\u3000号,姓名\nS1,张三\u3000\n'))).otherBlanks).toBe(true);
    for (const blank of ['\t', '\u00a0', '\u3000']) {
      expect((await scanCsv(write('u8-blank.csv', `a,b\nx${blank},y\n`))).otherBlanks).toBe(true);
      expect((await scanCsv(write('gb-blank.csv', iconv.encode(`人员,b\n张${blank},y\n`, 'gb18030')))).otherBlanks).toBe(true);
    }
    // 4 MiB reads: an ideographic space (3 bytes) straddling the boundary at each offset.
    for (const shift of [-2, -1, 0]) {
      const pad = 'x'.repeat((4 << 20) + shift - 4);
      expect((await scanCsv(write('edge-wide.csv', 'a,b\n' + pad + '\u3000\n'))).otherBlanks).toBe(true);
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

  it('numbers the rows of a tab- or semicolon-separated file with blank lines in its own delimiter', async () => {
    const tab = await prepareCsv(write('rows-tab.csv', 'a\tb\tc\n1\t2\t3\n\n4\t5\t6\n'), dir);
    expect(tab).toMatchObject({ rowColumn: true, delimiter: '\t', header: ['a', 'b', 'c'] });
    expect(fs.readFileSync(tab.path, 'utf8')).toBe('_row\ta\tb\tc\n2\t1\t2\t3\n3\t\n4\t4\t5\t6\n');
    const semi = await prepareCsv(write('rows-semi.csv', iconv.encode('姓名;年龄\r\n张三;30\r\n\r\n李四;40\r\n', 'gbk')), dir);
    expect(semi).toMatchObject({ rowColumn: true, delimiter: ';', header: ['姓名', '年龄'], encoding: 'gb18030' });
    expect(fs.readFileSync(semi.path, 'utf8')).toBe('_row;姓名;年龄\r\n2;张三;30\r\n3;\r\n4;李四;40\r\n');
  });

  it('numbers rows across stream chunks: quotes and line breaks split between reads, row numbers past 100000', async () => {
    const lines = ['id,note'];
    for (let i = 1; i <= 120_000; i++) lines.push(i % 1000 === 0 ? `${i},"多\n行"` : `${i},x`);
    const text = lines.join('\n') + '\n\n';
    const p = await prepareCsv(write('rows-big.csv', text + 'last,y\n'), dir);
    const out = fs.readFileSync(p.path, 'utf8');
    // a line break inside quotes stays in its cell, as Excel shows it: one record, one row
    expect(out.startsWith('_row,id,note\n2,1,x\n3,2,x\n')).toBe(true);
    expect(out).toContain('\n1001,1000,"多\n行"\n1002,1001,x\n');
    expect(out.endsWith('\n120001,120000,"多\n行"\n120002,\n120003,last,y\n')).toBe(true);
  });

  it('detects a semicolon or tab delimiter from the header', async () => {
    expect((await readHeader(write('semi.csv', 'a;b;c\n1;2;3\n'))).delimiter).toBe(';');
    expect((await readHeader(write('tab.csv', 'a\tb\n1\t2\n'))).delimiter).toBe('\t');
    expect((await readHeader(write('comma.csv', 'a,b\n'))).delimiter).toBe(',');
  });
});

describe('GB18030 to UTF-8', () => {
  // Deterministic pseudo-random bytes (a test must fail the same way twice).
  let seed = 20261124;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const transcode = async (bytes: Buffer, cuts: number[]) => {
    async function* chunks() {
      let from = 0;
      for (const c of [...cuts, bytes.length]) {
        yield bytes.subarray(from, c);
        from = c;
      }
    }
    const out: Buffer[] = [];
    for await (const b of decodeGb18030(chunks())) out.push(b);
    return Buffer.concat(out);
  };

  it('gives exactly the platform decoder’s UTF-8 for any bytes split anywhere: GBK pairs, four-byte sequences, broken bytes', async () => {
    const text = iconv.encode('人员编号,姓名,出生日期\r\nS1,张三,1985年3月1日\r\nS2,李四,２０１９\r\n', 'gb18030');
    const pieces = [
      text,
      Buffer.from('abc,123\n'),
      iconv.encode('城管执法队伍𠀀€', 'gb18030'), // a four-byte sequence (U+20000) and the euro sign
      Buffer.from([0x80]), Buffer.from([0xff]), Buffer.from([0x81]), Buffer.from([0x81, 0x30]), Buffer.from([0xa1, 0x20]), Buffer.from([0xfe, 0xfe]),
    ];
    for (let round = 0; round < 400; round++) {
      const parts: Buffer[] = [];
      for (let k = rand(12); k >= 0; k--) parts.push(pieces[rand(3) === 0 ? rand(pieces.length) : rand(3)]);
      const bytes = Buffer.concat(parts);
      const cuts = Array.from({ length: rand(5) }, () => rand(bytes.length + 1)).sort((a, b) => a - b);
      const expected = Buffer.from(new TextDecoder('gb18030').decode(bytes), 'utf8');
      expect((await transcode(bytes, cuts)).toString('hex'), `${bytes.toString('hex')} cut at ${cuts}`).toBe(expected.toString('hex'));
    }
  });

  it('transcodes every two-byte GBK character as the platform decoder does', async () => {
    const pairs: number[] = [];
    for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push(lead, trail, 0x2c);
    const bytes = Buffer.from(pairs);
    expect((await transcode(bytes, [1 << 14, 1 << 15])).equals(Buffer.from(new TextDecoder('gb18030').decode(bytes), 'utf8'))).toBe(true);
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

  it('turns cell values into the text a user sees (exceljs-written workbook)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('填表说明').addRow(['说明：日期请按 YYYY-MM-DD 填写']);
    const ws = wb.addWorksheet('人员信息');
    ws.addRow(['人员编号', '姓名', '出生日期', '进入系统时间', '身份证号', '党员', '得分', '备注', '公式数', '公式布尔', '链接']);
    ws.addRow(['S1', { richText: [{ text: '张', font: { bold: true } }, { text: '三' }] }, new Date(Date.UTC(1985, 2, 1)), '2008-07-01', 110101198503010019, true, 86.75, 'A&B <c> "d"', { formula: '1+2', result: 3 }, { formula: 'TRUE()', result: true }, { text: '链接', hyperlink: 'http://x' }]);
    ws.addRow([]);
    ws.addRow(['S2', '李四', '1985.03', 39630, 1e20, false, 0.1 + 0.2, '第一行\n第二行', { formula: 'A1&"x"', result: '李四x' }, { formula: '1/0', result: { error: '#DIV/0!' } }]);
    ws.getCell('D4').numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell('C2').numFmt = 'yyyy-mm-dd';
    ws.addRow(['S3', '王五', new Date(Date.UTC(1990, 11, 31, 23, 0)), { error: '#N/A' }, '  前后空格 ', null, -1234.5, 'x']);
    const file = path.join(dir, '人员_values.xlsx');
    await wb.xlsx.writeFile(file);
    const p = await prepareXlsx(file, dir, ['staff', '人员']);
    expect(p.sheet).toBe('人员信息');
    expect(fs.readFileSync(p.path, 'utf8')).toBe(
      '_row,人员编号,姓名,出生日期,进入系统时间,身份证号,党员,得分,备注,公式数,公式布尔,链接\n' +
        // An 18-digit number is what Excel stores: the nearest double (…016), written without exponent.
        '2,S1,张三,1985-03-01,2008-07-01,110101198503010016,是,86.75,"A&B <c> ""d""",3,是,链接\n' +
        '4,S2,李四,1985.03,2008-07-01,100000000000000000000,否,0.3,"第一行\n第二行",李四x,#DIV/0!,\n' +
        '5,S3,王五,1990-12-31,#N/A,  前后空格 ,,-1234.5,x,,,\n',
    );
  });

  it('tells date formats from number formats', () => {
    for (const code of ['yyyy/m/d', 'yyyy"年"m"月"d"日"', '[$-804]yyyy年m月d日', 'YYYY-MM-DD', 'h:mm:ss', '[Red]yyyy-mm-dd']) expect(isDateFormatCode(code), code).toBe(true);
    for (const code of ['General', '0.00', '#,##0', '[Red]0.00', '0.00"d"', '0\\h', '0.00_);(0.00)', '@', '0.00E+00']) expect(isDateFormatCode(code), code).toBe(false);
  });

  describe('parts written by hand (other writers: WPS, Excel, libraries)', () => {
    // One workbook exercising what exceljs never writes: phonetic runs, _xHHHH_ escapes, rows and
    // cells without r, self-closing rows and cells, error/date/boolean types, zh-CN built-in date
    // formats, styles from cellXfs (not cellStyleXfs), an absolute relationship target, sheets
    // whose workbook order differs from their part names.
    const parts = (opts: { date1904?: boolean } = {}): [string, string][] => [
      ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
      ['xl/worksheets/sheet1.xml', `<worksheet><sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>封面</t></is></c></row></sheetData></worksheet>`],
      [
        'xl/worksheets/data.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>出生</t></r><r><t>日期</t></r></is></c><c r="C1" t="str"><v>备注</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="inlineStr"><is><t>数值</t></is></c></row>
<row><c t="s"><v>1</v></c><c s="2"><v>32021</v></c><c t="e"><v>#N/A</v></c><c t="b"><v>1</v></c><c s="3"><v>3.14159</v></c><c t="b"><v>0</v></c></row>
<row r="3"/>
<row r="4" spans="1:3"><c r="A4"/><c r="B4" s="1"/><c r="C4" t="s"><v>3</v></c></row>
<row><c r="C5" t="s"><v>2</v></c><c r="E5" s="5"><v>45292</v></c><c r="F5" s="6"><v>45292.75</v></c><c r="G5" s="7"><v>1234.5</v></c><c r="H5" t="d"><v>2024-02-29T00:00:00</v></c><c r="I5" s="4"><v>5</v></c><c r="J5" t="s"><v>4</v></c><c r="K5" t="str"><f>A1&amp;"y"</f><v>x &amp; y</v></c></row>
<row r="7"><c r="A7" s="1"><v>0</v></c><c r="B7" t="inlineStr"><is><t xml:space="preserve"> 有 空格 </t></is></c></row>
</sheetData><rowBreaks count="0"/></worksheet>`,
      ],
      [
        'xl/sharedStrings.xml',
        `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5"><si><t>姓名</t></si><si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三 </t></r><rPh sb="0" eb="1"><t>ちょう</t></rPh></si><si><t>a_x000D_b&#x4E2D;&#20013;&lt;&quot;</t></si><si/><si><t>_x005F_x000D_</t></si></sst>`,
      ],
      [
        'xl/styles.xml',
        `<styleSheet><numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy/m/d"/><numFmt numFmtId="165" formatCode="[Red]0.00"/><numFmt numFmtId="166" formatCode="0.00&quot;d&quot;"/></numFmts>` +
          `<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
          `<cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"><alignment/></xf><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="31"/><xf numFmtId="57"/><xf numFmtId="2"/></cellXfs></styleSheet>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
      ],
      [
        'xl/workbook.xml',
        `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:d3p1="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr${opts.date1904 ? ' date1904="1"' : ''}/><sheets><sheet name="封面" sheetId="2" d3p1:id="rId2"/><sheet name="人员&amp;编制" sheetId="1" d3p1:id="rId1"/></sheets></workbook>`,
      ],
    ];
    const expected =
      '_row,姓名,出生日期,备注,,数值\n' +
      '2,张三 ,1987-09-01,#N/A,是,3.14159,否\n' +
      '5,,,"a\rb中中<""",,2024-01-01,2024-01-01,1234.5,2024-02-29,5,_x000D_,x & y\n' +
      '7,1899-12-30, 有 空格 ,,,\n';

    it.each([
      ['deflated, sizes in data descriptors', { method: 8, descriptor: true }],
      ['stored, Windows path separators', { method: 0, backslashes: true }],
      ['deflated, Zip64 directory', { method: 8, zip64: true }],
    ] as const)('reads the sheet named after the entity (%s)', async (_, opts) => {
      const file = write(`人员_hand_${opts.method}${'zip64' in opts ? 'z' : ''}.xlsx`, zipParts(parts(), opts));
      const p = await prepareXlsx(file, dir, ['staff', '人员']);
      expect(p.sheet).toBe('人员&编制');
      expect(p.header).toEqual(['姓名', '出生日期', '备注', '', '数值']);
      expect(fs.readFileSync(p.path, 'utf8')).toBe(expected);
    });

    it('reads parts whose elements all carry a namespace prefix (Open XML SDK style)', async () => {
      const prefixed = parts().map(([name, xml]): [string, string] => [name, xml.replace(/<(\/?)(?![?!])/g, '<$1x:')]);
      expect(prefixed.find(([n]) => n === 'xl/worksheets/data.xml')![1]).toContain('<x:row r="4" spans="1:3"><x:c r="A4"/>');
      const p = await prepareXlsx(write('人员_prefixed.xlsx', zipParts(prefixed, { method: 8 })), dir, ['staff', '人员']);
      expect(p.sheet).toBe('人员&编制');
      expect(fs.readFileSync(p.path, 'utf8')).toBe(expected);
    });

    it('falls back to the first sheet in workbook order, not in part order', async () => {
      const p = await prepareXlsx(write('units_hand.xlsx', zipParts(parts(), { method: 8 })), dir, ['units', '机构']);
      expect(p.sheet).toBe('封面');
      expect(fs.readFileSync(p.path, 'utf8')).toBe('_row,,封面\n');
    });

    it('falls back past hidden sheets and chart sheets', async () => {
      const book = `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="图表" sheetId="3" r:id="rId5"/><sheet name="字典" sheetId="1" state="hidden" r:id="rId1"/><sheet name="封面" sheetId="2" r:id="rId2"/></sheets></workbook>`;
      const chartRel = `<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`;
      const withCharts = parts().map(([name, xml]): [string, string] =>
        name === 'xl/workbook.xml' ? [name, book] : name === 'xl/_rels/workbook.xml.rels' ? [name, xml.replace('</Relationships>', chartRel)] : [name, xml],
      );
      const p = await prepareXlsx(write('units_hidden.xlsx', zipParts([...withCharts, ['xl/chartsheets/sheet1.xml', '<chartsheet/>']], { method: 8 })), dir, ['units', '机构']);
      expect(p.sheet).toBe('封面');
      // A name match still wins over visibility.
      const q = await prepareXlsx(write('字典_hidden.xlsx', zipParts(withCharts, { method: 8 })), dir, ['staff', '字典']);
      expect(q.sheet).toBe('字典');
    });

    it('counts dates from 1904 when the workbook says so', async () => {
      const p = await prepareXlsx(write('人员_1904.xlsx', zipParts(parts({ date1904: true }), { method: 8 })), dir, ['staff', '人员']);
      expect(fs.readFileSync(p.path, 'utf8').split('\n')[3]).toBe('7,1904-01-01, 有 空格 ,,,');
    });

    it('refuses files that are not readable workbooks, with the reason', async () => {
      const good = zipParts(parts(), { method: 8 });
      const cases: [string, Buffer, RegExp][] = [
        ['text.xlsx', Buffer.from('人员编号,姓名\nS1,张三\n'), /不是有效的 XLSX 文件/],
        ['empty.xlsx', Buffer.alloc(0), /不是有效的 XLSX 文件/],
        ['legacy.xlsx', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]), /旧版 \.xls/],
        ['truncated.xlsx', good.subarray(0, good.length >> 1), /不是有效的 XLSX 文件/],
        ['nobook.xlsx', zipParts([['hello.txt', 'hi']], { method: 8 }), /缺少工作簿部件 xl\/workbook\.xml/],
        ['nosheets.xlsx', zipParts([['xl/workbook.xml', '<workbook><sheets/></workbook>']], { method: 8 }), /没有工作表/],
        ['nopart.xlsx', zipParts(parts().filter(([n]) => n !== 'xl/worksheets/data.xml'), { method: 8 }), /工作表「人员&编制」的数据部件 xl\/worksheets\/data\.xml 不存在/],
        ['baddata.xlsx', zipParts(parts(), { method: 8, garble: 'xl/worksheets/data.xml' }), /xl\/worksheets\/data\.xml 已损坏/],
        ['badstrings.xlsx', zipParts(parts(), { method: 8, garble: 'xl/sharedStrings.xml' }), /xl\/sharedStrings\.xml 已损坏/],
      ];
      for (const [name, bytes, reason] of cases) await expect(prepareXlsx(write(name, bytes), dir, ['staff', '人员']), name).rejects.toThrow(reason);
    });

    it('streams a sheet and shared strings larger than a read chunk, rows split across chunks', async () => {
      const n = 40000;
      const shared = Array.from({ length: n }, (_, i) => `城管执法队员张${'三四五六七八九'[i % 7]}${i}号&amp;备注${'中'.repeat(i % 13)}`);
      const rows = Array.from(
        { length: n },
        (_, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>第${i}号中队${'队'.repeat(i % 5)}</t></is></c><c r="B${i + 2}" t="s"><v>${i}</v></c><c r="C${i + 2}"><v>${i * 1.5}</v></c></row>`,
      );
      const sheet = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>中队</t></is></c><c r="B1" t="inlineStr"><is><t>姓名</t></is></c><c r="C1" t="inlineStr"><is><t>数</t></is></c></row>${rows.join('')}</sheetData></worksheet>`;
      const strings = `<sst>${shared.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
      expect(Buffer.byteLength(sheet)).toBeGreaterThan(3 << 20);
      expect(Buffer.byteLength(strings)).toBeGreaterThan(2 << 20);
      const file = write('人员_big.xlsx', zipParts([...parts().filter(([name]) => !/data\.xml|sharedStrings/.test(name)), ['xl/worksheets/data.xml', sheet], ['xl/sharedStrings.xml', strings]], { method: 8 }));
      const p = await prepareXlsx(file, dir, ['staff', '人员']);
      const lines = fs.readFileSync(p.path, 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe('_row,中队,姓名,数');
      expect(lines.length).toBe(n + 1);
      for (let i = 0; i < n; i++) {
        const want = `${i + 2},第${i}号中队${'队'.repeat(i % 5)},${shared[i].replace('&amp;', '&')},${i * 1.5}`;
        if (lines[i + 1] !== want) expect(lines[i + 1]).toBe(want);
      }
    });
  });
});

/**
 * A minimal ZIP writer for fixtures exceljs cannot produce: stored entries, sizes only in data
 * descriptors (local headers zeroed, as streaming writers do), a Zip64 directory, a garbled entry.
 */
function zipParts(entries: [string, string | Buffer][], opts: { method: 0 | 8; descriptor?: boolean; zip64?: boolean; garble?: string; backslashes?: boolean }): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const push = (b: Buffer) => {
    chunks.push(b);
    offset += b.length;
  };
  for (const [name, content] of entries) {
    const data = Buffer.from(content);
    const crc = zlib.crc32(data);
    let body = opts.method === 8 ? zlib.deflateRawSync(data) : data;
    if (name === opts.garble) body = Buffer.alloc(body.length + 16, 0xff);
    const nameBytes = Buffer.from(opts.backslashes ? name.replaceAll('/', '\\') : name, 'utf8');
    const flags = 0x800 | (opts.descriptor ? 0x08 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(opts.zip64 ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(opts.method, 8);
    local.writeUInt16LE(0x21, 12);
    if (!opts.descriptor) {
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(data.length, 22);
    }
    local.writeUInt16LE(nameBytes.length, 26);
    const localOffset = offset;
    push(Buffer.concat([local, nameBytes, body]));
    if (opts.descriptor) {
      const dd = Buffer.alloc(16);
      dd.writeUInt32LE(0x08074b50, 0);
      dd.writeUInt32LE(crc, 4);
      dd.writeUInt32LE(body.length, 8);
      dd.writeUInt32LE(data.length, 12);
      push(dd);
    }
    const extra = Buffer.alloc(opts.zip64 ? 28 : 0);
    if (opts.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(data.length), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(localOffset), 20);
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(opts.zip64 ? 45 : 20, 4);
    c.writeUInt16LE(opts.zip64 ? 45 : 20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(opts.method, 10);
    c.writeUInt16LE(0x21, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(opts.zip64 ? 0xffffffff : body.length, 20);
    c.writeUInt32LE(opts.zip64 ? 0xffffffff : data.length, 24);
    c.writeUInt16LE(nameBytes.length, 28);
    c.writeUInt16LE(extra.length, 30);
    c.writeUInt32LE(opts.zip64 ? 0xffffffff : localOffset, 42);
    central.push(Buffer.concat([c, nameBytes, extra]));
  }
  const cdOffset = offset;
  const cd = Buffer.concat(central);
  push(cd);
  if (opts.zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(entries.length), 24);
    rec.writeBigUInt64LE(BigInt(entries.length), 32);
    rec.writeBigUInt64LE(BigInt(cd.length), 40);
    rec.writeBigUInt64LE(BigInt(cdOffset), 48);
    const recOffset = offset;
    push(rec);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(recOffset), 8);
    loc.writeUInt32LE(1, 16);
    push(loc);
  }
  // A comment after the directory: the end record must be found by searching backwards.
  const comment = Buffer.from('written by the duiwu tests');
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(opts.zip64 ? 0xffff : entries.length, 8);
  eocd.writeUInt16LE(opts.zip64 ? 0xffff : entries.length, 10);
  eocd.writeUInt32LE(opts.zip64 ? 0xffffffff : cd.length, 12);
  eocd.writeUInt32LE(opts.zip64 ? 0xffffffff : cdOffset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  push(Buffer.concat([eocd, comment]));
  return Buffer.concat(chunks);
}

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
