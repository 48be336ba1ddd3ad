// The nine input entities of data-contract.md, in load order: units and staff first, because
// every other entity's rows are checked against them.
import path from 'node:path';
import type { EntityName, SourceDef } from './types.ts';
import { units } from './units.ts';
import { staff } from './staff.ts';
import { postings } from './postings.ts';
import { ranks } from './ranks.ts';
import { appraisals } from './appraisals.ts';
import { training } from './training.ts';
import { awards } from './awards.ts';
import { cases } from './cases.ts';
import { recruitmentPlans } from './recruitment_plans.ts';

export const sources: SourceDef[] = [units, staff, postings, ranks, appraisals, training, awards, cases, recruitmentPlans];

export const sourceByEntity: Record<EntityName, SourceDef> = Object.fromEntries(sources.map((s) => [s.entity, s])) as Record<EntityName, SourceDef>;

export const sourceExtensions = ['.csv', '.xlsx'] as const;

/** The entity a file holds, from the start of its name (English or Chinese); null when not a source file. */
export function detectEntity(fileName: string): EntityName | null {
  const base = path.basename(fileName);
  const ext = path.extname(base).toLowerCase();
  if (!(sourceExtensions as readonly string[]).includes(ext)) return null;
  // Excel's lock files (~$人员.xlsx) and hidden files are never data.
  if (base.startsWith('~$') || base.startsWith('.')) return null;
  const stem = base.slice(0, -ext.length).normalize('NFKC').trim().toLowerCase().replace(/[\s-]+/g, '_');
  // Longest prefix first, so `recruitment_plans` is not taken for something shorter.
  const candidates = sources
    .flatMap((s) => s.prefixes.map((p) => ({ entity: s.entity, prefix: p.toLowerCase().replace(/[\s-]+/g, '_') })))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  for (const c of candidates) {
    if (!stem.startsWith(c.prefix)) continue;
    const rest = stem.slice(c.prefix.length);
    // An English prefix must end at a word boundary (`staff-2024`, not `staffing`); Chinese needs none.
    if (/^[a-z]/.test(c.prefix) && /^[a-z]/.test(rest)) continue;
    return c.entity;
  }
  return null;
}
