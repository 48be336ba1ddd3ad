import { z } from 'zod';
import { q, type RouteDef } from '../route.ts';
import { AppError, msg } from '../messages.ts';
import { checkPasswordStrength } from '../auth/service.ts';
import { roles } from '../database.ts';
import type { Deps } from '../route.ts';

const scope = z.array(q.code).max(500);

async function checkScope(deps: Deps, units: string[]): Promise<void> {
  if (!units.length || !deps.warehouse.snapshot) return;
  await deps.warehouse.use(async (s) => {
    const found = await s.all<{ unit_id: string }>(`select unit_id from unit_dim where unit_id in (select unnest(from_json($ids, '["VARCHAR"]')))`, { ids: JSON.stringify(units) });
    const missing = units.filter((u) => !found.some((f) => f.unit_id === u));
    if (missing.length) throw new AppError(400, 'bad_request', msg('unknownUnit', { units: missing.join(', ') }), 'scope');
  });
}

export const adminRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/admin/users',
    summary: '用户列表',
    access: ['admin'],
    handler: async ({ deps }) => ({ items: (await deps.auth.listUsers()).map((u) => ({ ...u, scope: JSON.parse(u.scope) })) }),
  },
  {
    method: 'post',
    path: '/admin/users',
    summary: '新建用户（角色与数据范围；scope 为空表示全市）',
    access: ['admin'],
    status: 201,
    body: z.object({ username: z.string().min(2).max(64).regex(/^[\p{L}\p{N}_.\-@]+$/u), password: z.string().min(1).max(200), role: z.enum(roles as [string, ...string[]]), scope: scope.default([]) }),
    handler: async ({ deps, user, body }) => {
      checkPasswordStrength(body.password);
      await checkScope(deps, body.scope);
      const u = await deps.auth.createUser({ ...body, role: body.role as (typeof roles)[number], createdBy: user.username });
      return { id: u.id, username: u.username, role: u.role, scope: body.scope };
    },
  },
  {
    method: 'put',
    path: '/admin/users/:id',
    summary: '修改用户（角色、数据范围、停用、重置密码、解除锁定）',
    access: ['admin'],
    params: z.object({ id: z.string().uuid() }),
    body: z.object({
      role: z.enum(roles as [string, ...string[]]).optional(),
      scope: scope.optional(),
      disabled: z.boolean().optional(),
      password: z.string().max(200).optional(),
      unlock: z.boolean().optional(),
    }),
    status: 204,
    handler: async ({ deps, params, body }) => {
      if (body.password) checkPasswordStrength(body.password);
      if (body.scope) await checkScope(deps, body.scope);
      await deps.auth.updateUser(params.id, { ...body, role: body.role as (typeof roles)[number] | undefined });
    },
  },
  {
    method: 'get',
    path: '/audit',
    summary: '审计日志：谁查看或导出了谁的数据（可按用户、人员筛选）',
    title: '审计日志',
    access: ['admin'],
    exportable: true,
    query: z.object({ page: q.page, page_size: q.pageSize, staff_id: q.code.optional(), username: z.string().max(64).optional(), action: z.string().max(200).optional(), from: q.date.optional(), to: q.date.optional() }),
    handler: async ({ deps, query, exportAll }) => {
      await deps.auditor.drain();
      let qb = deps.store.db.selectFrom('audit_log').selectAll();
      if (query.username) qb = qb.where('username', '=', query.username);
      if (query.action) qb = qb.where('action', '=', query.action);
      if (query.from) qb = qb.where('at', '>=', query.from);
      if (query.to) qb = qb.where('at', '<', `${query.to}~`);
      // A person is found where their profile was read, or where a list page showed them.
      if (query.staff_id) qb = qb.where((eb) => eb.or([eb('staff_id', '=', query.staff_id!), eb('staff_ids', 'like', `%"${query.staff_id}"%`)]));
      let rows = await qb.orderBy('at', 'desc').execute();
      if (query.staff_id) rows = rows.filter((r) => r.staff_id === query.staff_id || (r.staff_ids && (JSON.parse(r.staff_ids) as string[]).includes(query.staff_id!)));
      const start = exportAll ? 0 : (query.page - 1) * query.page_size;
      const items = rows.slice(start, exportAll ? undefined : start + query.page_size).map((r) => ({
        at: r.at,
        username: r.username,
        role: r.role,
        action: r.action,
        staff_id: r.staff_id,
        staff_ids: r.staff_ids ? JSON.parse(r.staff_ids) : null,
        row_count: r.row_count,
        detail: r.detail ? JSON.parse(r.detail) : null,
      }));
      return { items, total: rows.length };
    },
  },
];
