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

async function rowsOf(snap: Snapshot, table: string, staffId: string, order: string[]): Promise<Row[]> {
  if (!snap.has(table, 'staff_id')) return [];
  const cols = snap.columns.get(table)!;
  const by = order.filter((o) => cols.includes(o.replace(/ desc$/, '')));
  const rows = await snap.all(`select * from wh.${table} where staff_id = $id ${by.length ? 'order by ' + by.join(', ') : ''}`, { id: staffId });
  return snap.parseJson(table, rows).map(parseJson);
}

export async function profile(snap: Snapshot, store: Store, user: Principal, staffId: string) {
  if (!(await personInScope(snap, user, staffId))) throw new AppError(404, 'not_found', msg('staffNotFound', { staff_id: staffId }));
  const [staff] = await rowsOf(snap, 'staff', staffId, []);
  if (!staff) throw new AppError(404, 'not_found', msg('staffNotFound', { staff_id: staffId }));
  const [home] = await snap.all(`select unit_id, unit_name, district from staff_home where staff_id = $id`, { id: staffId });
  const [postings, ranks, appraisals, training, awards, scores, candidates, due, spells, promotion, compliance, loans] = await Promise.all([
    rowsOf(snap, 'posting_history', staffId, ['start_date']),
    rowsOf(snap, 'rank_history', staffId, ['effective_date']),
    rowsOf(snap, 'appraisal_history', staffId, ['year']),
    rowsOf(snap, 'training_records', staffId, ['start_date']),
    rowsOf(snap, 'award_records', staffId, ['date']),
    rowsOf(snap, 'profile_scores', staffId, []),
    rowsOf(snap, 'talent_pool_candidates', staffId, ['pool']),
    rowsOf(snap, 'rotation_due', staffId, ['due_date']),
    rowsOf(snap, 'rotation_spells', staffId, ['spell_start']),
    rowsOf(snap, 'promotion_eligibility', staffId, []),
    rowsOf(snap, 'training_compliance', staffId, ['requirement_id']),
    rowsOf(snap, 'long_loans', staffId, []),
  ]);
  const [members, poolHistory, decisions] = await Promise.all([
    store.db.selectFrom('pool_members').selectAll().where('staff_id', '=', staffId).orderBy('since').execute(),
    store.db.selectFrom('pool_events').selectAll().where('staff_id', '=', staffId).orderBy('at').execute(),
    store.db.selectFrom('rotation_decisions').selectAll().where('staff_id', '=', staffId).orderBy('decided_at', 'desc').execute(),
  ]);
  return {
    as_of: snap.asOf,
    run_id: snap.runId,
    staff: { ...staff, ...home },
    postings,
    ranks,
    appraisals,
    training,
    awards,
    scores: scores[0] ?? null,
    pools: { candidates, members, history: poolHistory },
    rotation: { due, spells, loans, decisions },
    promotion: promotion[0] ?? null,
    training_compliance: compliance,
  };
}
