// The only place the web app talks HTTP. Every call goes through `request`, which turns the API's
// `{ error: { code, message } }` into an ApiError with the Chinese message the server chose, and a
// lost session into a redirect to /login (the caller never sees raw JSON or a blank page).
import { t, fill } from './i18n.ts';

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function qs(q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn;
}

async function request<T>(method: string, path: string, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<T> {
  let res: Response;
  const init: RequestInit = { method, credentials: 'same-origin', headers: {} };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    // Empty optional fields are left out: the API's schemas take "absent", not null.
    init.body = JSON.stringify(body, (_k, v) => (v === null || v === '' ? undefined : v));
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', t.errors.network);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    if (res.status === 401 && !opts.quiet401) onUnauthorized?.();
    const message =
      err?.message ?? (res.status === 403 ? t.errors.forbidden : fill(t.errors.server, { status: res.status }));
    throw new ApiError(res.status, err?.code ?? String(res.status), message);
  }
  return data as T;
}

export const get = <T>(path: string, q?: Query) => request<T>('GET', path + qs(q));
const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});

// ---- shared shapes (mirror the marts in data-contract.md; extra columns are tolerated) ----
export type Role = 'hr' | 'leader' | 'analyst' | 'admin';
export interface Me {
  username: string;
  role: Role;
  scope: string[];
  display_name?: string | null;
  scope_names?: string[];
}
export interface Page<T> {
  items: T[];
  total: number;
}
export type Row = Record<string, unknown>;
export interface RotationDueRow extends Row {
  staff_id: string;
  name: string;
  unit_id: string;
  unit_name: string;
  district: string | null;
  rule_id: string;
  position: string;
  spell_start: string;
  due_date: string;
  tenure_years: number;
  status: 'reached' | 'approaching';
  retirement_date: string | null;
  exempt: boolean;
  exempt_reason: string | null;
  decision?: string | null;
}
export interface Decision extends Row {
  staff_id: string;
  rule_id: string;
  spell_start: string;
  decision: string;
  target_unit_id?: string | null;
  planned_date?: string | null;
  reason?: string | null;
  decided_by?: string;
  decided_at?: string;
}
export interface Unit extends Row {
  unit_id: string;
  unit_name: string;
  unit_type: string;
  parent_id: string | null;
  district: string | null;
}
export interface Health {
  run_id: string | null;
  as_of: string | null;
}
export interface Run extends Row {
  run_id: string;
  as_of: string;
  status: string;
  started_at: string;
  finished_at?: string | null;
}

export type Filters = Query;

export interface Progress {
  stage: string;
  done: number;
  total: number;
  label?: string;
}
export interface Job extends Row {
  id: string;
  status: 'running' | 'published' | 'failed';
  started_by: string;
  started_at: string;
  finished_at: string | null;
  as_of: string | null;
  run_id: string | null;
  progress: Progress | null;
  result: Row | null;
  error: { code: string; message: string } | null;
}

export const api = {
  health: () => get<Health>('/api/health'),
  // auth
  me: () => request<Me>('GET', '/api/auth/me', undefined, { quiet401: true }),
  login: (username: string, password: string) =>
    request<Me | { user: Me }>('POST', '/api/auth/login', { username, password }, { quiet401: true }),
  logout: () => post<void>('/api/auth/logout'),
  changePassword: (old_password: string, new_password: string) =>
    post<void>('/api/auth/password', { old_password, new_password }),
  // reference
  units: () => get<Page<Unit> | Unit[]>('/api/structure/units'),
  staffList: (f: Filters) => get<Page<Row>>('/api/staff', f),
  overview: () => get<Row>('/api/overview'),
  // rotation
  rotationDue: (f: Filters) => get<Page<RotationDueRow>>('/api/rotation/due', f),
  rotationDueXlsx: (f: Filters) => '/api/rotation/due.xlsx' + qs(f),
  rotationLoans: (f: Filters) => get<Page<Row>>('/api/rotation/loans', f),
  rotationLoansXlsx: (f: Filters) => '/api/rotation/loans.xlsx' + qs(f),
  rotationDecisions: (f: Filters) => get<Page<Decision>>('/api/rotation/decisions', f),
  decisionHistory: (staffId: string) => get<Page<Decision> | Decision[]>(`/api/rotation/decisions/${encodeURIComponent(staffId)}`),
  recordDecision: (d: Partial<Decision>) => post<Decision>('/api/rotation/decisions', d),
  rotationSummary: () => get<Page<Row>>('/api/rotation/summary'),
  // promotion / training
  promotion: (f: Filters) => get<Page<Row>>('/api/promotion/eligibility', f),
  promotionXlsx: (f: Filters) => '/api/promotion/eligibility.xlsx' + qs(f),
  training: (f: Filters) => get<Page<Row>>('/api/training/compliance', f),
  trainingXlsx: (f: Filters) => '/api/training/compliance.xlsx' + qs(f),
  // people
  staff: (id: string) => get<Row>(`/api/staff/${encodeURIComponent(id)}`),
  // pools
  poolCandidates: (f: Filters) => get<Page<Row>>('/api/pools/candidates', f),
  poolMembers: (f: Filters) => get<Page<Row>>('/api/pools/members', f),
  poolHistory: (f: Filters) => get<Page<Row>>('/api/pools/history', f),
  poolsXlsx: (tab: string, f: Filters) => `/api/pools/${tab === 'members' ? 'members' : tab === 'history' ? 'history' : 'candidates'}.xlsx` + qs(f),
  confirmPool: (b: { staff_id: string; pool: string; action: string; note?: string }) => post<Row>('/api/pools/confirm', b),
  // profiles
  scores: (f: Filters) => get<Page<Row>>('/api/profiles/scores', f),
  // aggregates
  structure: (f: Filters) => get<Page<Row>>('/api/structure', f),
  recruitment: (f: Filters) => get<Page<Row>>('/api/recruitment', f),
  recruitmentXlsx: (f: Filters) => '/api/recruitment.xlsx' + qs(f),
  workforceLegal: (f: Filters) => get<Page<Row>>('/api/recruitment/workforce', f),
  changes: (f: Filters) => get<Page<Row>>('/api/changes', f),
  changesXlsx: (f: Filters) => '/api/changes.xlsx' + qs(f),
  // refreshes (analyst, admin)
  runs: () => get<Page<Job> & { running: string | null }>('/api/refreshes'),
  run: (id: string) => get<Job>(`/api/refreshes/${encodeURIComponent(id)}`),
  rejects: (id: string) => get<Page<Row> & { status: string; error: Row | null; files: Row[]; groups: Row[] }>(`/api/refreshes/${encodeURIComponent(id)}/rejects`),
  rejectsXlsx: (id: string) => `/api/refreshes/${encodeURIComponent(id)}/rejects.xlsx`,
  startRefresh: (files: File[], asOf: string) => {
    const fd = new FormData();
    for (const f of files) fd.append('files', f, f.name);
    if (asOf) fd.append('as_of', asOf);
    return request<Job>('POST', '/api/refreshes', fd);
  },
  startInbox: (asOf: string) => post<Job>('/api/refreshes/inbox', { as_of: asOf }),
  progressUrl: (id: string) => `/api/refreshes/${encodeURIComponent(id)}/events`,
  quality: (f: Filters) => get<Page<Row>>('/api/quality', f),
  qualityGroups: () => get<{ items: Row[] }>('/api/quality/groups'),
  qualityXlsx: (f: Filters) => '/api/quality.xlsx' + qs(f),
  warnings: (f: Filters) => get<Page<Row>>('/api/quality/warnings', f),
  warningsXlsx: (f: Filters) => '/api/quality/warnings.xlsx' + qs(f),
  // admin
  users: () => get<Page<Row>>('/api/admin/users'),
  createUser: (b: { username: string; password: string; role: string; scope: string[] }) => post<Row>('/api/admin/users', b),
  updateUser: (id: string, b: Row) => request<void>('PUT', `/api/admin/users/${encodeURIComponent(id)}`, b),
  audit: (f: Filters) => get<Page<Row>>('/api/audit', f),
  auditXlsx: (f: Filters) => '/api/audit.xlsx' + qs(f),
};

/**
 * Every row of a list, page after page (the API serves at most 500 rows a page): for the pages that
 * chart a whole table, such as the recruitment years of every district.
 */
export async function everyRow<T>(list: (f: Filters) => Promise<Page<T>>, f: Filters = {}): Promise<T[]> {
  const size = 500;
  const first = await list({ ...f, page: 1, page_size: size });
  const pages = Math.ceil(first.total / size);
  const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, i) => list({ ...f, page: i + 2, page_size: size })));
  return [first, ...rest].flatMap((p) => p.items);
}

/** Lists come back as `{ items, total }`; tolerate a bare array too. */
export function itemsOf<T>(p: Page<T> | T[] | null | undefined): T[] {
  if (!p) return [];
  return Array.isArray(p) ? p : (p.items ?? []);
}
