import { z } from 'zod';
import { setCookie, deleteCookie } from 'hono/cookie';
import { sessionToken, type RouteDef } from '../route.ts';
import { settings } from '../settings.ts';

export const authRoutes: RouteDef[] = [
  {
    method: 'post',
    path: '/auth/login',
    summary: '登录（成功后设置会话 Cookie）',
    access: 'public',
    body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }),
    handler: async ({ c, deps, body }) => {
      const { token, principal, expiresAt } = await deps.auth.login(body.username, body.password);
      setCookie(c, settings.cookieName, token, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: new URL(c.req.url).protocol === 'https:',
        expires: expiresAt,
      });
      return { username: principal.username, role: principal.role, scope: principal.scope, expires_at: expiresAt.toISOString() };
    },
  },
  {
    method: 'post',
    path: '/auth/logout',
    summary: '退出登录',
    access: 'public',
    status: 204,
    handler: async ({ c, deps }) => {
      await deps.auth.logout(sessionToken(c.req.header('cookie')));
      deleteCookie(c, settings.cookieName, { path: '/' });
    },
  },
  {
    method: 'get',
    path: '/auth/me',
    summary: '当前用户（含数据范围内单位的名称）',
    access: 'user',
    handler: async ({ deps, user }) => {
      let scope_names: string[] = [];
      if (user.scope.length && deps.warehouse.snapshot) {
        const rows = await deps.warehouse.use((s) =>
          s.all<{ unit_id: string; unit_name: string }>(`select unit_id, unit_name from unit_dim where unit_id in (select unnest(from_json($ids, '["VARCHAR"]')))`, { ids: JSON.stringify(user.scope) }),
        );
        scope_names = user.scope.map((id) => rows.find((r) => r.unit_id === id)?.unit_name ?? id);
      }
      return { ...user, scope_names };
    },
  },
  {
    method: 'post',
    path: '/auth/password',
    summary: '修改密码（修改后需重新登录）',
    access: 'user',
    status: 204,
    body: z.object({ old_password: z.string().min(1).max(200), new_password: z.string().min(1).max(200) }),
    handler: async ({ deps, user, body }) => {
      await deps.auth.changePassword(user, body.old_password, body.new_password);
    },
  },
  {
    method: 'get',
    path: '/health',
    summary: '当前快照的 run_id 与 as_of（无需登录）',
    access: 'public',
    handler: async ({ deps }) => {
      await deps.warehouse.refresh().catch(() => {});
      const s = deps.warehouse.snapshot;
      return { run_id: s?.runId ?? null, as_of: s?.asOf ?? null };
    },
  },
];
