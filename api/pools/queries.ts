// Talent pools: the refresh proposes (talent_pool_candidates); a leader confirms entry or exit,
// which is kept in the store (pool_members, read back by the pipeline) with its history (pool_events).
import crypto from 'node:crypto';
import type { Snapshot } from '../warehouse.ts';
import type { Store } from '../database.ts';
import type { Principal } from '../scope.ts';
import { personInScope } from '../scope.ts';
import { inScope } from '../rotation/queries.ts';
import type { ListResult } from '../route.ts';
import { listRows, type ListQuery } from '../lists.ts';
import { parseJson } from '../profiles/queries.ts';
import { AppError, msg } from '../messages.ts';

export async function candidates(snap: Snapshot, store: Store, user: Principal, query: ListQuery, exportAll: boolean): Promise<ListResult> {
  const list = await listRows(snap, user, { table: 'talent_pool_candidates', filters: ['district', 'unit_id', 'pool', 'action'], sort: ['pool', 'action'], scope: 'person', search: true }, query, exportAll);
  const ids = [...new Set(list.items.map((i) => String(i.staff_id)))];
  const members = ids.length
    ? await store.db.selectFrom('pool_members').select(['staff_id', 'pool', 'since']).where('until', 'is', null).where('staff_id', 'in', ids).execute()
    : [];
  const since = new Map(members.map((m) => [`${m.staff_id}|${m.pool}`, m.since]));
  return {
    total: list.total,
    items: list.items.map((i) => ({ ...parseJson(i), member_since: since.get(`${i.staff_id}|${i.pool}`) ?? null })),
  };
}

export async function members(snap: Snapshot, store: Store, user: Principal, query: ListQuery & { pool?: string; current?: boolean }, exportAll: boolean): Promise<ListResult> {
  let qb = store.db.selectFrom('pool_members').selectAll();
  if (query.pool) qb = qb.where('pool', '=', query.pool);
  if (query.current !== false) qb = qb.where('until', 'is', null);
  const rows = await qb.orderBy('pool').orderBy('since').execute();
  const visible = await inScope(snap, user, rows.map((r) => r.staff_id));
  const names = new Map(
    (await snap.all<{ staff_id: string; name: string; unit_name: string; district: string }>(
      `select staff_id, name, unit_name, district from staff_home where staff_id in (select unnest(from_json($ids, '["VARCHAR"]')))`,
      { ids: JSON.stringify([...visible]) },
    )).map((r) => [r.staff_id, r]),
  );
  const items = rows.filter((r) => visible.has(r.staff_id)).map((r) => ({ ...r, ...names.get(r.staff_id) }));
  const start = exportAll ? 0 : (query.page - 1) * query.page_size;
  return { items: items.slice(start, exportAll ? undefined : start + query.page_size), total: items.length };
}

export async function history(snap: Snapshot, store: Store, user: Principal, query: ListQuery & { staff_id?: string; pool?: string }, exportAll = false): Promise<ListResult> {
  let qb = store.db.selectFrom('pool_events').selectAll();
  if (query.staff_id) qb = qb.where('staff_id', '=', query.staff_id);
  if (query.pool) qb = qb.where('pool', '=', query.pool);
  const rows = await qb.orderBy('at', 'desc').execute();
  const visible = await inScope(snap, user, rows.map((r) => r.staff_id));
  const items = rows.filter((r) => visible.has(r.staff_id));
  const start = exportAll ? 0 : (query.page - 1) * query.page_size;
  return { items: items.slice(start, exportAll ? undefined : start + query.page_size), total: items.length };
}

export interface ConfirmInput {
  staff_id: string;
  pool: string;
  action: 'enter' | 'exit';
  note?: string;
}

/** A leader confirms the refresh's proposal: entry needs an `enter` proposal, exit a current membership. */
export async function confirm(snap: Snapshot, store: Store, user: Principal, input: ConfirmInput, now: Date) {
  if (!(await personInScope(snap, user, input.staff_id))) throw new AppError(404, 'not_found', msg('staffNotFound', { staff_id: input.staff_id }), 'staff_id');
  const current = await store.db.selectFrom('pool_members').selectAll().where('staff_id', '=', input.staff_id).where('pool', '=', input.pool).where('until', 'is', null).executeTakeFirst();
  const at = now.toISOString();
  const day = at.slice(0, 10);
  if (input.action === 'enter') {
    if (current) throw new AppError(409, 'already_member', msg('poolAlreadyMember', input as unknown as Record<string, string>));
    const proposal = snap.has('talent_pool_candidates')
      ? await snap.all(`select 1 from wh.talent_pool_candidates where staff_id = $s and pool = $p and action = 'enter'`, { s: input.staff_id, p: input.pool })
      : [];
    if (!proposal.length) throw new AppError(409, 'no_candidate', msg('poolNoCandidate', { ...input, action: '入库' }));
  } else if (!current) {
    throw new AppError(409, 'not_member', msg('poolNotMember', input as unknown as Record<string, string>));
  }
  await store.recording(input.staff_id, () =>
    store.db.transaction().execute(async (tx) => {
      if (input.action === 'enter') {
        await tx
          .insertInto('pool_members')
          .values({ id: crypto.randomUUID(), staff_id: input.staff_id, pool: input.pool, since: day, until: null, confirmed_by: user.username, confirmed_at: at, ended_by: null, exit_reason: null, run_id: snap.runId })
          .execute();
      } else {
        await tx.updateTable('pool_members').set({ until: day, ended_by: user.username, exit_reason: input.note ?? null }).where('id', '=', current!.id).execute();
      }
      await tx
        .insertInto('pool_events')
        .values({ id: crypto.randomUUID(), staff_id: input.staff_id, pool: input.pool, action: input.action, at, by_user: user.username, run_id: snap.runId, note: input.note ?? null })
        .execute();
    }),
  );
  return { staff_id: input.staff_id, pool: input.pool, action: input.action, at, by: user.username };
}
