// All policy parameters, with an admin's overrides (data/rules.json: { "rule_id.param": value })
// applied on top; written into every snapshot so each result can be explained and reproduced.
import fs from 'node:fs';
import type { Db } from '../db.ts';
import { ident, lit } from '../db.ts';
import { pipeline } from './pipeline.ts';
import { rotation } from './rotation.ts';
import { retirement } from './retirement.ts';
import { promotion } from './promotion.ts';
import { training } from './training.ts';
import { pools } from './pools.ts';
import { profile } from './profile.ts';
import { structure } from './structure.ts';
import { recruitment } from './recruitment.ts';
import type { RefTable, RuleModule, RuleParam } from './types.ts';

export const ruleModules: RuleModule[] = [pipeline, rotation, retirement, promotion, training, pools, profile, structure, recruitment];

export type RuleOverrides = Record<string, unknown>;

export function readOverrides(file: string): RuleOverrides {
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RuleOverrides;
}

export function allParams(overrides: RuleOverrides = {}): RuleParam[] {
  const params = ruleModules.flatMap((m) => m.params);
  const known = new Set(params.map((p) => `${p.rule_id}.${p.param}`));
  for (const key of Object.keys(overrides)) {
    if (!known.has(key)) throw new Error(`unknown rule parameter ${key} in rules.json`);
  }
  return params.map((p) => {
    const key = `${p.rule_id}.${p.param}`;
    return key in overrides ? { ...p, value: overrides[key], source: `${p.source}（本局调整）` } : p;
  });
}

export function allTables(): RefTable[] {
  return ruleModules.flatMap((m) => m.tables ?? []);
}

/** The value of one parameter, for TypeScript callers (the CLI, the API). */
export function paramValue<T>(ruleId: string, param: string, overrides: RuleOverrides = {}): T {
  const p = allParams(overrides).find((x) => x.rule_id === ruleId && x.param === param);
  if (!p) throw new Error(`no rule parameter ${ruleId}.${param}`);
  return p.value as T;
}

/** Writes rule_params, the ref_* tables and the `param()` macro into the run's database. */
export async function writeRules(db: Db, overrides: RuleOverrides = {}): Promise<void> {
  await db.run(`create or replace table rule_params (rule_id varchar, param varchar, value varchar, source varchar, note varchar)`);
  const params = allParams(overrides);
  // One statement for all rows (a statement per parameter cost a tenth of a second).
  if (params.length) {
    await db.run(
      `insert into rule_params values ${params.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      params.flatMap((p) => [p.rule_id, p.param, JSON.stringify(p.value), p.source, p.note ?? null]),
    );
  }
  await db.run(`create or replace macro param(r, p) as (select any_value(value) from rule_params where rule_id = r and param = p)`);
  for (const t of allTables()) {
    const cols = Object.entries(t.columns);
    await db.run(`create or replace table ${ident(t.name)} (${cols.map(([c, ty]) => `${ident(c)} ${ty}`).join(', ')})`);
    if (t.rows.length === 0) continue;
    const values = t.rows
      .map((r) => '(' + cols.map(([c]) => sqlValue(r[c] ?? null)).join(', ') + ')')
      .join(',\n');
    await db.run(`insert into ${ident(t.name)} values ${values}`);
  }
}

function sqlValue(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return lit(v);
}
