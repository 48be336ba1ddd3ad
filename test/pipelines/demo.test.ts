// The demo generator at small scale: deterministic bytes for a seed, every entity of the contract
// in readable files (GBK, UTF-8 with/without BOM, XLSX), valid 身份证号 except the deliberate bad
// rows, and a real refresh() of it that publishes with only the deliberate rejects.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { generateDemo, type DemoSummary } from '../../pipelines/demo/generate.ts';
import { idCheckChar } from '../../pipelines/demo/people.ts';
import { detectEntity, sourceByEntity } from '../../pipelines/sources/index.ts';
import { normaliseHeader } from '../../pipelines/read/headers.ts';
import { refresh } from '../../pipelines/refresh.ts';
import { Db } from '../../pipelines/db.ts';

const asOf = '2025-06-30';
let root: string;
let a: DemoSummary;

function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex');
  return out;
}

/** Rows of a generated file as arrays of text, header first. */
async function readRows(file: string): Promise<string[][]> {
  if (file.endsWith('.xlsx')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((row) => {
      const vals = (row.values as unknown[]).slice(1);
      rows.push(vals.map((v) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v))));
    });
    return rows;
  }
  const buf = fs.readFileSync(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    text = iconv.decode(buf, 'gbk');
  }
  // The generator quotes no field of a staff row: names, ids and dates hold no commas.
  return text.replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l !== '').map((l) => l.split(','));
}

/** YYYYMMDD (or YYYYMM for a month-only date) of a date as written; null for an Excel serial number. */
function birthParts(text: string): string | null {
  const p2 = (x: string) => x.padStart(2, '0');
  if (/^\d{8}$/.test(text)) return text;
  if (/^\d{6}$/.test(text)) return text;
  if (/^\d{5}$/.test(text)) return null;
  const parts = text.split(/\D+/).filter((x) => x !== '');
  return parts[0] + parts.slice(1, 3).map(p2).join('');
}

function columnIndex(header: string[], entity: 'staff', column: string): number {
  const def = sourceByEntity[entity].columns.find((c) => c.name === column)!;
  const keys = new Set([def.name, ...def.aliases].map(normaliseHeader));
  return header.findIndex((h) => keys.has(normaliseHeader(h)));
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-demo-test-'));
  a = await generateDemo({ scale: 'small', seed: 7, out: path.join(root, 'a'), asOf });
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('demo generator (small)', () => {
  it('writes the same bytes for the same seed, and different data for another seed', async () => {
    const b = await generateDemo({ scale: 'small', seed: 7, out: path.join(root, 'b'), asOf });
    const ha = hashes(a.out);
    expect(Object.keys(ha).length).toBeGreaterThan(9);
    expect(hashes(b.out)).toEqual(ha);
    expect(b.rows).toEqual(a.rows);
    const c = await generateDemo({ scale: 'small', seed: 8, out: path.join(root, 'c'), asOf });
    const hc = hashes(c.out);
    const staffFiles = Object.keys(ha).filter((f) => detectEntity(f) === 'staff');
    expect(staffFiles.length).toBeGreaterThan(0);
    for (const f of staffFiles) expect(hc[f]).not.toBe(ha[f]);
  }, 120_000);

  it('clears its own earlier output but refuses a folder holding other source files', async () => {
    const dir = path.join(root, 'foreign');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '人员.csv'), '人员编号,姓名\n');
    await expect(generateDemo({ scale: 'small', seed: 7, out: dir, asOf })).rejects.toThrow(/非演示数据/);
    expect(fs.readFileSync(path.join(dir, '人员.csv'), 'utf8')).toBe('人员编号,姓名\n');
    const again = path.join(root, 'again');
    await generateDemo({ scale: 'small', seed: 7, out: again, asOf });
    fs.writeFileSync(path.join(again, 'postings_旧文件.csv'), 'x');
    await generateDemo({ scale: 'small', seed: 7, out: again, asOf });
    expect(fs.existsSync(path.join(again, 'postings_旧文件.csv'))).toBe(false);
    expect(hashes(again)).toEqual(hashes(a.out));
  }, 120_000);

  it('covers every entity of the contract with plausible sizes, several files for some', () => {
    const byEntity = new Map<string, number>();
    for (const f of a.files) {
      expect(detectEntity(f.file)).toBe(f.entity);
      byEntity.set(f.entity, (byEntity.get(f.entity) ?? 0) + 1);
    }
    expect([...byEntity.keys()].sort()).toEqual(['appraisals', 'awards', 'cases', 'postings', 'ranks', 'recruitment_plans', 'staff', 'training', 'units']);
    expect(byEntity.get('postings')).toBeGreaterThanOrEqual(3);
    expect(byEntity.get('staff')).toBeGreaterThanOrEqual(2);
    for (const [e, n] of Object.entries(a.rows)) expect(n, e).toBeGreaterThan(0);
    // ~300 people in service plus twenty years of leavers.
    expect(a.rows.staff).toBeGreaterThan(300);
    expect(a.rows.staff).toBeLessThan(900);
    // Deliberate bad rows: present, and well under 5 % of any entity.
    for (const [k, n] of Object.entries(a.deliberateBadRows)) {
      const entity = k.split(':')[0] as keyof typeof a.rows;
      expect(n / a.rows[entity], k).toBeLessThan(0.02);
    }
    expect(Object.keys(a.deliberateBadRows).length).toBeGreaterThanOrEqual(8);
  });

  it('mixes encodings: GBK decodes with iconv-lite, UTF-8 with and without BOM, XLSX opens with exceljs', async () => {
    const kinds = new Set<string>();
    for (const f of a.files) {
      const buf = fs.readFileSync(path.join(a.out, f.file));
      if (f.file.endsWith('.xlsx')) {
        kinds.add('xlsx');
        const rows = await readRows(path.join(a.out, f.file));
        expect(rows.length - 1, f.file).toBe(f.rows);
        continue;
      }
      let utf8 = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(buf);
      } catch {
        utf8 = false;
      }
      const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
      if (!utf8) {
        kinds.add('gbk');
        const text = iconv.decode(buf, 'gbk');
        expect(text).toMatch(/[\u4e00-\u9fff]/);
        expect(text).not.toContain('\ufffd');
      } else kinds.add(bom ? 'utf-8-bom' : 'utf-8');
      const lines = (utf8 ? buf.toString('utf8') : iconv.decode(buf, 'gbk')).split(/\r?\n/).filter((l) => l !== '');
      expect(lines.length - 1, f.file).toBe(f.rows);
    }
    expect([...kinds].sort()).toEqual(['gbk', 'utf-8', 'utf-8-bom', 'xlsx']);
  });

  it('spells dates in every way the contract lists, including Excel date cells and serial numbers', async () => {
    let text = '';
    for (const f of a.files.filter((x) => x.file.endsWith('.csv'))) {
      text += (await readRows(path.join(a.out, f.file))).map((r) => r.join(',')).join('\n') + '\n';
    }
    const spellings = {
      iso: /(^|,)\d{4}-\d{2}-\d{2}(,|$)/m,
      slash: /(^|,)\d{4}\/\d{1,2}\/\d{1,2}(,|$)/m,
      dot: /(^|,)\d{4}\.\d{2}\.\d{2}(,|$)/m,
      cn: /(^|,)\d{4}年\d{1,2}月\d{1,2}日(,|$)/m,
      compact: /(^|,)(19|20)\d{6}(,|$)/m,
      monthDot: /(^|,)\d{4}\.\d{2}(,|$)/m,
      monthCn: /(^|,)\d{4}年\d{1,2}月(,|$)/m,
    };
    for (const [k, re] of Object.entries(spellings)) expect(text, k).toMatch(re);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(a.out, '培训记录.xlsx'));
    let dateCells = 0;
    let serials = 0;
    wb.worksheets[0].eachRow((row, n) => {
      if (n === 1) return;
      row.eachCell((cell) => {
        if (cell.value instanceof Date) dateCells++;
        else if (typeof cell.value === 'number' && cell.value > 30000 && cell.value < 50000 && Number.isInteger(cell.value)) serials++;
      });
    });
    expect(dateCells).toBeGreaterThan(1000);
    expect(serials).toBeGreaterThan(10);
  });

  it('gives valid GB 11643 身份证号 consistent with birth date and gender, except the deliberate one', async () => {
    let checked = 0;
    const bad: string[] = [];
    let genderMismatch = 0;
    for (const f of a.files.filter((x) => x.entity === 'staff')) {
      const [header, ...rows] = await readRows(path.join(a.out, f.file));
      const iId = columnIndex(header, 'staff', 'id_number');
      const iStaff = columnIndex(header, 'staff', 'staff_id');
      const iGender = columnIndex(header, 'staff', 'gender');
      const iBirth = columnIndex(header, 'staff', 'birth_date');
      expect(iId).toBeGreaterThanOrEqual(0);
      for (const r of rows) {
        const id = r[iId];
        if (!id) continue;
        checked++;
        expect(id).toMatch(/^\d{17}[\dX]$/);
        if (idCheckChar(id.slice(0, 17)) !== id[17]) {
          bad.push(r[iStaff]);
          continue;
        }
        if ((Number(id[16]) % 2 === 1 ? '男' : '女') !== r[iGender]) genderMismatch++;
        // Birth date in any spelling (or month only, where the file has 出生年月); Excel serials are skipped.
        const b = birthParts(r[iBirth]);
        if (b) expect(id.slice(6, 6 + b.length), `${r[iStaff]} ${r[iBirth]}`).toBe(b);
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(bad).toEqual(['ZF90001']);
    // Two on purpose: a warning for the data-quality report, not a reject.
    expect(genderMismatch).toBe(2);
  });

  it('refreshes into a published snapshot whose rejects are exactly the deliberate bad rows', async () => {
    const dataDir = path.join(root, 'data');
    const r = await refresh({ input: a.out, asOf, dataDir });
    expect(r.status).toBe('published');
    const deliberate = Object.values(a.deliberateBadRows).reduce((s, n) => s + n, 0);
    expect(r.rejects).toBeGreaterThan(0);
    expect(r.rejects).toBe(deliberate);
    const db = await Db.open(r.snapshot!, { readOnly: true });
    try {
      const codes = (await db.all<{ code: string }>('select distinct code from rejects order by code')).map((x) => x.code);
      expect(codes).toEqual(expect.arrayContaining(['bad_date', 'bad_enum', 'bad_id_checksum', 'end_before_start', 'unknown_staff', 'unknown_unit']));
      const inService = await db.value<number>(`select count(*)::int from staff where status = '在职'`);
      expect(inService).toBeGreaterThan(200);
      expect(inService).toBeLessThan(400);
      // The rotation rules have people to list: heads past 5 years and staff past 10 in one squad.
      const due = await db.all<{ rule_id: string; n: number }>(`select rule_id, count(*)::int n from rotation_due group by rule_id order by rule_id`);
      const byRule = Object.fromEntries(due.map((x) => [x.rule_id, x.n]));
      expect(byRule.staff_10y ?? 0).toBeGreaterThan(0);
      expect(byRule.leader_5y ?? 0).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 300_000);
});
