// Shared by the promotion, training and changes tests: golden fixture folders
// (<case>/input/*.csv → <case>/expected/<mart>.csv) run through the real refresh(), and compared.
import { parseCsvObjects } from '../../pipelines/read/csv-text.ts';
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

/** An expected-rows file (`#` lines are comments). */
export function readCsv(file: string): Record<string, string>[] {
  return parseCsvObjects(fs.readFileSync(file, 'utf8'));
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

