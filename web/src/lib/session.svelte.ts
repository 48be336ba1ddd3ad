// Who is logged in. Loaded once by the root layout; pages read `session.me` for role checks.
import { api, ApiError, type Me, type Role } from './api.ts';

export const session = $state<{ me: Me | null; checked: boolean }>({ me: null, checked: false });

export async function loadMe(): Promise<Me | null> {
  try {
    const r = await api.me();
    session.me = unwrapMe(r);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    session.me = null;
  }
  session.checked = true;
  return session.me;
}

export function unwrapMe(r: unknown): Me | null {
  if (!r || typeof r !== 'object') return null;
  const o = r as Record<string, unknown>;
  const u = (o.user && typeof o.user === 'object' ? o.user : o) as Record<string, unknown>;
  if (typeof u.username !== 'string') return null;
  return {
    username: u.username,
    role: u.role as Role,
    scope: Array.isArray(u.scope) ? (u.scope as string[]) : [],
    display_name: (u.display_name as string) ?? null,
    scope_names: Array.isArray(u.scope_names) ? (u.scope_names as string[]) : undefined,
  };
}

// What each role may open; mirrors the server's rules only to hide links — the server decides.
const pages: Record<string, Role[]> = {
  '/': ['hr', 'leader', 'analyst', 'admin'],
  '/rotation': ['hr', 'leader', 'admin'],
  '/promotion': ['hr', 'leader', 'admin'],
  '/training': ['hr', 'leader', 'admin'],
  '/pools': ['hr', 'leader', 'admin'],
  '/ninebox': ['hr', 'leader', 'admin'],
  '/structure': ['hr', 'leader', 'analyst', 'admin'],
  '/recruitment': ['hr', 'leader', 'analyst', 'admin'],
  '/refresh': ['analyst', 'admin'],
  '/admin': ['admin'],
  '/staff': ['hr', 'leader', 'admin'],
  '/changes': ['hr', 'leader', 'admin'],
};

export function canOpen(path: string, role: Role | undefined): boolean {
  if (!role) return false;
  const key = path === '/' ? '/' : '/' + path.split('/')[1];
  return (pages[key] ?? []).includes(role);
}

/** Person-level data (names, lists, profiles) is not for analysts. */
export function seesPeople(role: Role | undefined): boolean {
  return role === 'hr' || role === 'leader' || role === 'admin';
}
