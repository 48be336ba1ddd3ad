// One way to page, filter, sort and scope a person-level list read from the snapshot. The scope
// condition comes from scope.ts; filter values only ever travel as bound parameters; sort columns
// are checked against the columns the list actually has.
import { errors, msg, AppError } from './messages.ts';
import { personScope, unitScope, isWholeCity, type Principal } from './scope.ts';
import type { Params, Snapshot } from './warehouse.ts';
import { settings } from './settings.ts';
import type { ListResult } from './route.ts';

export interface ListSpec {
  /** A snapshot table, or a subquery with its parameters and columns. */
  table?: string;
  from?: { sql: string; params: Params; columns: string[] };
  /** Query parameters that filter on the column of the same name. */
  filters: string[];
  /** Default order: columns, '-' for descending. */
  sort: string[];
  /** Scope by person (staff_id) or by unit (aggregates kept per unit), or not at all. */
  scope: 'person' | 'unit' | 'none';
  /** Free-text search over name and staff_id (person lists). */
  search?: boolean;
}

export interface ListQuery {
  page: number;
  page_size: number;
  sort?: string;
  q?: string;
  [filter: string]: unknown;
}

/** Columns of staff_home a person list gains when its table lacks them. */
const homeColumns = ['name', 'unit_id', 'unit_name', 'district'];
/** Never sent to a client: the keyed hash of the id number is only for matching inside the pipeline. */
export const hiddenColumns = ['id_hash'];

export async function listRows(snap: Snapshot, user: Principal, spec: ListSpec, query: ListQuery, exportAll = false): Promise<ListResult> {
  let source: string;
  let params: Params = {};
  let cols: string[];
  if (spec.from) {
    source = `(${spec.from.sql})`;
    params = { ...spec.from.params };
    cols = spec.from.columns;
  } else {
    const c = snap.columns.get(spec.table!);
    // A mart whose inputs were missing is published empty; one not published at all reads the same.
    if (!c) return { items: [], total: 0 };
    source = `wh.${spec.table}`;
    cols = c.filter((x) => !hiddenColumns.includes(x));
  }
  const person = spec.scope === 'person' && cols.includes('staff_id');
  const extra = person ? homeColumns.filter((h) => !cols.includes(h)) : [];
  const all = [...cols, ...extra];
  const colExpr = (name: string) => (cols.includes(name) ? `t."${name}"` : `h."${name}"`);

  const where: string[] = [];
  if (person) {
    const s = await personScope(snap, user, 't.staff_id');
    where.push(s.sql);
    Object.assign(params, s.params);
  } else if (spec.scope === 'person' && !cols.includes('unit_id')) {
    // A person list without staff_id or unit_id cannot be scoped: only the whole city may read it.
    await personScope(snap, user, 't.staff_id');
    if (!isWholeCity(user)) return { items: [], total: 0 };
  } else if (spec.scope !== 'none' && cols.includes('unit_id')) {
    const s = await unitScope(snap, user, 't.unit_id');
    where.push(s.sql);
    Object.assign(params, s.params);
  }
  spec.filters.forEach((f, i) => {
    const v = query[f];
    if (v === undefined || v === null || v === '') return;
    if (!all.includes(f)) return;
    where.push(`${colExpr(f)} = $f${i}`);
    params[`f${i}`] = v as string | number;
  });
  if (spec.search && query.q && all.includes('name') && cols.includes('staff_id')) {
    where.push(`(t.staff_id = $q or contains(${colExpr('name')}, $q))`);
    params.q = query.q;
  }

  const order = (query.sort ? [query.sort] : spec.sort).map((s) => {
    const desc = s.startsWith('-');
    const name = desc ? s.slice(1) : s;
    if (!all.includes(name)) throw new AppError(400, 'bad_request', msg('badSort', { field: name }), 'sort');
    return `${colExpr(name)} ${desc ? 'desc' : 'asc'} nulls last`;
  });
  if (cols.includes('staff_id')) order.push('t.staff_id');
  const orderBy = order.length ? `order by ${order.join(', ')}` : '';

  const join = extra.length ? `left join staff_home h on h.staff_id = t.staff_id` : '';
  const cond = where.length ? `where ${where.join(' and ')}` : '';
  const limit = exportAll ? settings.exportRowsMax : query.page_size;
  const offset = exportAll ? 0 : (query.page - 1) * query.page_size;
  const select = [...cols.map((c) => `t."${c}"`), ...extra.map((e) => `h."${e}"`)].join(', ');
  const [items, count] = await Promise.all([
    snap.all(`select ${select} from ${source} t ${join} ${cond} ${orderBy} limit ${limit} offset ${offset}`, params, { cache: true, json: spec.table }),
    snap.all<{ n: number }>(`select count(*)::int as n from ${source} t ${join} ${cond}`, params, { cache: true }),
  ]);
  return { items, total: count[0]?.n ?? 0 };
}

export { errors };
