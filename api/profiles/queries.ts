// A person's profile: master data (id number masked by the pipeline), history, scores with their
// components, pools and rotation status. One query set per table, all keyed by staff_id, only
// after the scope check; unknown and out-of-scope people look the same (404).
import type { Snapshot, Row } from '../warehouse.ts';
import type { Store } from '../database.ts';
import { personInScope, type Principal } from '../scope.ts';
import { AppError, msg } from '../messages.ts';
import { hiddenColumns } from '../lists.ts';

const jsonColumns = ['components', 'criteria', 'reasons', 'detail', 'source_files', 'row_counts'];

/** JSON columns arrive as text: hand them to the client as structures. */
export function parseJson(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (hiddenColumns.includes(k)) continue;
    out[k] = jsonColumns.includes(k) && typeof v === 'string' && /^[[{]/.test(v) ? safeParse(v) : v;
  }
  return out;
}

function safeParse(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Sections of a profile: the snapshot table each comes from and its order. */
const sections: [name: string, table: string, order: string[]][] = [
  ['postings', 'posting_history', ['start_date']],
  ['ranks', 'rank_history', ['effective_date']],
  ['appraisals', 'appraisal_history', ['year']],
  ['training', 'training_records', ['start_date']],
  ['awards', 'award_records', ['date']],
  ['scores', 'profile_scores', []],
  ['candidates', 'talent_pool_candidates', ['pool']],
  ['due', 'rotation_due', ['due_date']],
  ['spells', 'rotation_spells', ['spell_start']],
  ['promotion', 'promotion_eligibility', []],
  ['compliance', 'training_compliance', ['requirement_id', 'period']],
  ['loans', 'long_loans', ['start_date']],
];

/**
 * Every section in one query (one plan, one round trip): each is a JSON array built by DuckDB, so
 * nested JSON columns (components, criteria, reasons) arrive as structures.
 */
async function readSections(snap: Snapshot, staffId: string): Promise<Record<string, Row[]>> {
  const parts: string[] = [];
  const present: string[] = [];
  for (const [name, table, order] of [['staff', 'staff', []] as [string, string, string[]], ...sections]) {
    if (!snap.has(table, 'staff_id')) continue;
    const cols = snap.columns.get(table)!;
    const by = order.filter((o) => cols.includes(o));
    const hidden = hiddenColumns.filter((h) => cols.includes(h));
    parts.push(
      `(select coalesce(json_group_array(to_json(x)), '[]') from (select * ${hidden.length ? `exclude (${hidden.join(', ')})` : ''} from wh.${table} where staff_id = $id ${by.length ? 'order by ' + by.join(', ') : ''}) x) as ${name}`,
    );
    present.push(name);
  }
  const out: Record<string, Row[]> = {};
  for (const [name] of sections) out[name] = [];
  out.staff = [];
  if (!parts.length) return out;
  // Cached per snapshot (immutable): a profile opened again is served from memory.
  const [row] = await snap.all<Record<string, string>>(`select ${parts.join(',\n')}`, { id: staffId }, { cache: true });
  for (const name of present) out[name] = (JSON.parse(row[name]) as Row[]).map(parseJson);
  return out;
}

export async function profile(snap: Snapshot, store: Store, user: Principal, staffId: string) {
  if (!(await personInScope(snap, user, staffId))) throw new AppError(404, 'not_found', msg('staffNotFound', { staff_id: staffId }));
  const [sec, home, members, poolHistory, decisions] = await Promise.all([
    readSections(snap, staffId),
    snap.all(`select unit_id, unit_name, district from staff_home where staff_id = $id`, { id: staffId }),
    store.db.selectFrom('pool_members').selectAll().where('staff_id', '=', staffId).orderBy('since').execute(),
    store.db.selectFrom('pool_events').selectAll().where('staff_id', '=', staffId).orderBy('at').execute(),
    store.db.selectFrom('rotation_decisions').selectAll().where('staff_id', '=', staffId).orderBy('decided_at', 'desc').execute(),
  ]);
  const staff = sec.staff[0];
  if (!staff) throw new AppError(404, 'not_found', msg('staffNotFound', { staff_id: staffId }));
  return {
    as_of: snap.asOf,
    run_id: snap.runId,
    staff: { ...staff, ...home[0] },
    postings: sec.postings,
    ranks: sec.ranks,
    appraisals: sec.appraisals,
    training: sec.training,
    awards: sec.awards,
    scores: sec.scores[0] ?? null,
    pools: { candidates: sec.candidates, members, history: poolHistory },
    rotation: { due: sec.due, spells: sec.spells, loans: sec.loans, decisions },
    promotion: sec.promotion[0] ?? null,
    training_compliance: sec.compliance,
  };
}
