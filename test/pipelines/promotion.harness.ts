// Shared by the promotion, training and changes tests: golden fixture folders
// (<case>/input/*.csv → <case>/expected/<mart>.csv) run through the real refresh(), and compared.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Db } from '../../pipelines/db.ts';
import { refresh, type RefreshResult } from '../../pipelines/refresh.ts';

export const fixturesRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

export function tempDataDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `duiwu-${prefix}-`));
}

/** Runs a real refresh of a fixture's input folder into dataDir; returns the result. */
export async function refreshFixture(input: string, asOf: string, dataDir: string): Promise<RefreshResult> {
  return refresh({ input, asOf, dataDir });
}

/** Reads rows of the current published snapshot of dataDir. */
export async function readPublished<T = Record<string, unknown>>(dataDir: string, sql: string): Promise<T[]> {
  const db = await Db.open(path.join(dataDir, 'warehouse', 'current.duckdb'), { readOnly: true, threads: 1 });
  try {
    return await db.all<T>(sql);
  } finally {
    db.close();
  }
}

/** A tiny CSV parser for expected files (no quoted commas in our fixtures, but quotes are honoured). */
export function readCsv(file: string): Record<string, string>[] {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const header = split(lines[0]);
  return lines.slice(1).map((l) => {
    const cells = split(l);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** Rows as strings (null → ''), only the given columns, sorted: the comparable form of a table. */
export function normalize(rows: Record<string, unknown>[], columns: string[]): string[] {
  return rows
    .map((r) =>
      columns
        .map((c) => {
          const v = r[c];
          if (v === null || v === undefined) return '';
          if (typeof v === 'number') return String(Math.round(v * 100) / 100);
          return String(v);
        })
        .join(' | '),
    )
    .sort();
}

// Until the loader works: fixture CSVs (ISO dates, canonical values) straight into typed src_* tables.
import { sources } from '../../pipelines/sources/index.ts';
import { lit, ident } from '../../pipelines/db.ts';
import { writeRules } from '../../pipelines/rules/index.ts';
import { loadModels, runModel } from '../../pipelines/models/run.ts';

const sqlTypes: Record<string, string> = { text: 'VARCHAR', enum: 'VARCHAR', id_number: 'VARCHAR', date: 'DATE', integer: 'INTEGER', number: 'DOUBLE', boolean: 'BOOLEAN' };

export async function standInRun(input: string, asOf: string, only?: string[]): Promise<Db> {
  const db = await Db.open(':memory:', { threads: 1 });
  await db.run(`create table run_context as select 'test' as run_id, ${lit(asOf)}::date as as_of`);
  await db.run(`create macro as_of() as (select as_of from run_context)`);
  await db.run(`create macro run_id() as (select run_id from run_context)`);
  const files = fs.readdirSync(input);
  for (const s of sources) {
    const cols = s.columns.map((c) => ({ name: c.name, type: sqlTypes[c.type] }));
    const extra = s.entity === 'staff' ? ['id_hash'] : [];
    const defs = [`_file VARCHAR`, `_sheet VARCHAR`, `_row INTEGER`, ...cols.flatMap((c) => [`${ident(c.name)} ${c.type}`, ...(c.name === 'id_number' ? extra.map((e) => `${e} VARCHAR`) : [])])];
    await db.run(`create table ${ident('src_' + s.entity)} (${defs.join(', ')})`);
    const file = files.find((f) => f.startsWith(s.entity) && f.endsWith('.csv'));
    if (!file) continue;
    const header = readCsv(path.join(input, file)).length >= 0 ? fs.readFileSync(path.join(input, file), 'utf8').split(/\r?\n/)[0].split(',') : [];
    const exprs = [lit(file), 'null', '(row_number() over () + 1)::int'];
    for (const c of cols) {
      const present = header.includes(c.name);
      const v = present ? `nullif(trim(${ident(c.name)}), '')` : 'null';
      exprs.push(c.type === 'BOOLEAN' ? `case ${v} when '是' then true when '否' then false end` : `${v}::${c.type}`);
      if (c.name === 'id_number') exprs.push('null');
    }
    await db.run(`insert into ${ident('src_' + s.entity)} select ${exprs.join(', ')} from read_csv(${lit(path.join(input, file))}, all_varchar = true, header = true)`);
  }
  await writeRules(db);
  await db.run(`attach ':memory:' as prev`);
  const models = loadModels();
  const wanted = only ? closure(models, only) : new Set(models.map((m) => m.name));
  for (const m of models) if (wanted.has(m.name)) await runModel(db, m);
  return db;
}

function closure(models: { name: string; deps: string[] }[], names: string[]): Set<string> {
  const byName = new Map(models.map((m) => [m.name, m]));
  const out = new Set<string>();
  const visit = (n: string) => {
    if (out.has(n) || !byName.has(n)) return;
    out.add(n);
    for (const d of byName.get(n)!.deps) visit(d);
  };
  names.forEach(visit);
  return out;
}
