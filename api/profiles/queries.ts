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
 * Every section, one lookup per table run side by side on the snapshot's connections (measured
 * faster than one combined query building JSON). Cached per snapshot: a snapshot never changes.
 */
async function readSections(snap: Snapshot, staffId: string): Promise<Record<string, Row[]>> {
  const all: [string, string, string[]][] = [['staff', 'staff', []], ...sections];
  const out: Record<string, Row[]> = {};
  await Promise.all(
    all.map(async ([name, table, order]) => {
      if (!snap.has(table, 'staff_id')) {
        out[name] = [];
        return;
      }
      const cols = snap.columns.get(table)!;
      const by = order.filter((o) => cols.includes(o));
      const hidden = hiddenColumns.filter((h) => cols.includes(h));
      const rows = await snap.all(
        `select * ${hidden.length ? `exclude (${hidden.join(', ')})` : ''} from wh.${table} where staff_id = $id ${by.length ? 'order by ' + by.join(', ') : ''}`,
        { id: staffId },
        { cache: true, json: table },
      );
      out[name] = rows.map(parseJson);
    }),
  );
  return out;
}

export async function profile(snap: Snapshot, store: Store, user: Principal, staffId: string) {
  if (!(await personInScope(snap, user, staffId))) throw new AppError(404, 'not_found', msg('staffNotFound', { staff_id: staffId }));
  const [sec, home, members, poolHistory, decisions] = await Promise.all([
    readSections(snap, staffId),
    snap.homes.get(staffId),
    store.db.selectFrom('pool_members').selectAll().where('staff_id', '=', staffId).orderBy('since').execute(),
    store.db.selectFrom('pool_events').selectAll().where('staff_id', '=', staffId).orderBy('at').execute(),
    store.db.selectFrom('rotation_decisions').selectAll().where('staff_id', '=', staffId).orderBy('decided_at', 'desc').execute(),
  ]);
  const staff = sec.staff[0];
  if (!staff) throw new AppError(404, 'not_found', msg('staffNotFound', { staff_id: staffId }));
  return {
    as_of: snap.asOf,
    run_id: snap.runId,
    staff: Object.assign({}, staff, home),
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
