// A person's profile: master data (id number masked by the pipeline), history, scores with their
// components, pools and rotation status, only after the scope check; unknown and out-of-scope people
// look the same (404). The snapshot part comes from the profile documents (documents.ts) once built.
import type { Snapshot, Row } from '../warehouse.ts';
import type { Store } from '../database.ts';
import { personInScope, type Principal } from '../scope.ts';
import { AppError, msg } from '../messages.ts';
import { hiddenColumns } from '../lists.ts';
import { documentsOf, jsonTextColumns, sections, type Sections } from './documents.ts';

/** JSON columns arrive as text: hand them to the client as structures. */
export function parseJson(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (hiddenColumns.includes(k)) continue;
    out[k] = jsonTextColumns.includes(k) && typeof v === 'string' && /^[[{]/.test(v) ? safeParse(v) : v;
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

/**
 * Every section by table lookups, one per table run side by side on the snapshot's connections
 * (measured faster than one combined query building JSON): the way while the snapshot's profile
 * documents are being built, and what they are tested against. Rows in the documents' order.
 */
export async function readSections(snap: Snapshot, staffId: string): Promise<Sections> {
  const out: Sections = {};
  await Promise.all(
    sections.map(async ([name, table, order]) => {
      if (!snap.has(table, 'staff_id')) {
        out[name] = [];
        return;
      }
      const cols = snap.columns.get(table)!;
      const by = [...order.filter((o) => cols.includes(o)), 'rowid'];
      const hidden = hiddenColumns.filter((h) => cols.includes(h));
      const rows = await snap.all(
        `select * ${hidden.length ? `exclude (${hidden.join(', ')})` : ''} from wh.${table} where staff_id = $id order by ${by.join(', ')}`,
        { id: staffId },
        { cache: true, json: table },
      );
      out[name] = rows.map(parseJson);
    }),
  );
  return out;
}

/**
 * The profile as JSON text. Snapshot sections arrive as JSON text (the documents hold them so) and
 * are placed as they are: parsing and serializing a national profile's history again was a third
 * of its cost. Only the one-row sections are parsed, to merge the home or unwrap the row.
 */
export async function profile(snap: Snapshot, store: Store, user: Principal, staffId: string): Promise<string> {
  if (!(await personInScope(snap, user, staffId))) throw new AppError(404, 'not_found', msg('staffNotFound', { staff_id: staffId }));
  const home = snap.homes.get(staffId);
  // Most people have no pool membership or decision: the store is asked only about those who have.
  const recorded = store.hasRecords(staffId);
  const [sec, members, poolHistory, decisions] = await Promise.all([
    documentsOf(snap)?.raw(staffId) ?? readSections(snap, staffId).then(asText),
    recorded ? store.db.selectFrom('pool_members').selectAll().where('staff_id', '=', staffId).orderBy('since').execute() : [],
    recorded ? store.db.selectFrom('pool_events').selectAll().where('staff_id', '=', staffId).orderBy('at').execute() : [],
    recorded ? store.db.selectFrom('rotation_decisions').selectAll().where('staff_id', '=', staffId).orderBy('decided_at', 'desc').execute() : [],
  ]);
  const staff = (JSON.parse(sec.staff) as Row[])[0];
  if (!staff) throw new AppError(404, 'not_found', msg('staffNotFound', { staff_id: staffId }));
  const first = (text: string) => JSON.stringify((JSON.parse(text) as Row[])[0] ?? null);
  const j = JSON.stringify;
  return (
    `{"as_of":${j(snap.asOf)},"run_id":${j(snap.runId)},"staff":${j(Object.assign({}, staff, home))},` +
    `"postings":${sec.postings},"ranks":${sec.ranks},"appraisals":${sec.appraisals},"training":${sec.training},"awards":${sec.awards},` +
    `"scores":${first(sec.scores)},"pools":{"candidates":${sec.candidates},"members":${j(members)},"history":${j(poolHistory)}},` +
    `"rotation":{"due":${sec.due},"spells":${sec.spells},"loans":${sec.loans},"decisions":${j(decisions)}},` +
    `"promotion":${first(sec.promotion)},"training_compliance":${sec.compliance}}`
  );
}

function asText(sections: Sections): Record<string, string> {
  return Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, JSON.stringify(v)]));
}
