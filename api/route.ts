// The route table. Each domain module exports RouteDefs; this file turns them into Hono routes with
// the same three steps for all: authorize (role) → validate (zod: query, params, body) → handler,
// then audit person-level reads. Exports (.xlsx) of lists are generated from the list route, and
// the OpenAPI document and the authorization tests read the same table.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { DataPaths } from '../pipelines/config.ts';
import type { Role, Store } from './database.ts';
import type { Warehouse } from './warehouse.ts';
import type { AuthService } from './auth/service.ts';
import type { Auditor } from './audit.ts';
import { BoundedMap } from './bounded-map.ts';
import type { Principal } from './scope.ts';
import type { RefreshRunner } from './pipeline/runner.ts';
import { AppError, errors, msg } from './messages.ts';
import { settings } from './settings.ts';
import { toWorkbook } from './export.ts';
import { jsonAnswer } from './headers.ts';

export interface Deps {
  paths: DataPaths;
  store: Store;
  warehouse: Warehouse;
  auth: AuthService;
  auditor: Auditor;
  refreshes: RefreshRunner;
  now: () => Date;
  /** Folder of the built SPA (web/build), served for every non-API path when present. */
  webDir?: string;
  /** Origins allowed besides the request's own (a reverse proxy's public URL). */
  allowedOrigins?: string[];
}

/**
 * public: no login; user: any logged-in role; else the roles allowed.
 * person: the route returns named people → audited ('list' pages, 'one' profile).
 */
export type Access = 'public' | 'user' | Role[];

export interface ListResult {
  items: Record<string, unknown>[];
  total: number;
}

export interface Ctx<Q = any, P = any, B = any> {
  c: Context;
  user: Principal;
  query: Q;
  params: P;
  body: B;
  deps: Deps;
  /** Set for the generated .xlsx twin of a list: return every row (up to the export cap). */
  exportAll: boolean;
}

export interface RouteDef {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Under /api, Hono syntax: '/staff/:staff_id'. */
  path: string;
  summary: string;
  access: Access;
  person?: 'list' | 'one';
  /** For lists: also serve `<path>.xlsx` with the same filters (hr and admin only). */
  exportable?: boolean;
  /** Chinese title of the workbook sheet. */
  title?: string;
  query?: z.ZodObject<any>;
  params?: z.ZodObject<any>;
  body?: z.ZodObject<any>;
  /** Status of a successful answer (201 for creations). */
  status?: 200 | 201 | 202 | 204;
  /** What the route answers besides JSON, for the OpenAPI document. */
  produces?: 'json' | 'xlsx' | 'sse' | 'html' | 'none';
  handler: (ctx: Ctx) => Promise<unknown>;
}

export const exportRoles: Role[] = ['hr', 'admin'];
/** Exports naming more people than this keep the filters and snapshot id instead of the id list. */
const auditIdsMax = 5000;

/** The list route's .xlsx twin, as its own route-table entry. */
export function exportRoute(def: RouteDef): RouteDef {
  // Named people leave the system only through hr (and admin); aggregates through whoever reads them.
  const roles = !Array.isArray(def.access) ? exportRoles : def.person ? def.access.filter((r) => exportRoles.includes(r)) : def.access;
  return {
    ...def,
    path: `${def.path}.xlsx`,
    summary: `${def.summary}（导出 Excel）`,
    access: roles,
    exportable: false,
    produces: 'xlsx',
    handler: async (ctx) => def.handler({ ...ctx, exportAll: true }),
    exportOf: def,
  } as RouteDef & { exportOf: RouteDef };
}

/** Every route of the table, with the generated exports. */
export function expandRoutes(defs: RouteDef[]): RouteDef[] {
  return defs.flatMap((d) => (d.exportable ? [d, exportRoute(d)] : [d]));
}

/** Chinese reason for a zod issue; the field is named by the caller. */
function issueReason(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return msg(issue.input === undefined ? 'reasonRequired' : 'reasonType');
    case 'too_big':
      return msg('reasonTooBig', { max: String(issue.maximum) });
    case 'too_small':
      return msg(issue.origin === 'string' || issue.origin === 'array' ? 'reasonTooShort' : 'reasonTooSmall', { min: String(issue.minimum) });
    case 'invalid_value':
      return msg('reasonOneOf', { values: issue.values.map(String).join(' / ') });
    case 'invalid_format':
      return msg('reasonFormat');
    case 'unrecognized_keys':
      return msg('reasonUnknownKeys', { keys: issue.keys.join(', ') });
    default:
      return issue.message && /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : msg('reasonInvalid');
  }
}

export function parseWith<T>(schema: z.ZodType<T>, input: unknown, where: string): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.map(String).join('.') || where;
  throw errors.badField(field, issueReason(issue));
}

export function currentUser(c: Context): Principal | undefined {
  return c.get('user' as never) as Principal | undefined;
}

const sessionPrefix = `${settings.cookieName}=`;

/**
 * The session token of a Cookie header. hono's getCookie parses and decodes every cookie of the
 * header (a twentieth of a cached read); the token is base64url, so it needs no decoding.
 */
export function sessionToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  let at = header.startsWith(sessionPrefix) ? 0 : header.indexOf(`; ${sessionPrefix}`);
  if (at < 0) at = header.indexOf(`;${sessionPrefix}`);
  if (at < 0) return undefined;
  const from = header.indexOf('=', at) + 1;
  const to = header.indexOf(';', from);
  const value = (to < 0 ? header.slice(from) : header.slice(from, to)).trim();
  return value === '' ? undefined : value;
}

/** Resolves the session cookie into `c.var.user` for every /api request. */
export function sessionMiddleware(deps: Deps) {
  return async (c: Context, next: () => Promise<void>) => {
    const user = await deps.auth.authenticate(sessionToken(c.req.header('cookie')));
    if (user) c.set('user' as never, user as never);
    await next();
  };
}

export function authorize(def: RouteDef, user: Principal | undefined): Principal {
  if (def.access === 'public') return user as Principal;
  if (!user) throw errors.unauthenticated();
  if (def.access === 'user') return user;
  if (user.role !== 'admin' && !def.access.includes(user.role)) throw errors.forbidden();
  return user;
}

async function readBody(c: Context, def: RouteDef): Promise<unknown> {
  if (!def.body) return undefined;
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/json')) throw errors.badField('body', msg('reasonJsonBody'));
  try {
    return await c.req.json();
  } catch {
    throw new AppError(400, 'bad_json', msg('badJson'), 'body');
  }
}

/**
 * List pages as sent, by snapshot, store generation, route, role, scope and filters. A snapshot never
 * changes and the store rows a list shows change only through `Store.recording`, so a kept page is
 * exact; building and serializing the page again was most of its cost (national due list: ~0.8 ms).
 */
type Page = { body: Uint8Array<ArrayBuffer>; ids: string[]; count: number };
const pageCaches = new WeakMap<Deps, BoundedMap<string, Page>>();

/** Registers the routes of one domain on its sub-app (paths relative to the mount point). */
export function register(sub: Hono, prefix: string, defs: RouteDef[], deps: Deps): void {
  if (!pageCaches.has(deps)) pageCaches.set(deps, new BoundedMap<string, Page>(settings.pageCacheEntries));
  const pages = pageCaches.get(deps)!;
  for (const def of defs) {
    const rel = def.path.slice(prefix.length) || '/';
    const exportOf = (def as RouteDef & { exportOf?: RouteDef }).exportOf;
    const cacheable = def.method === 'get' && def.person === 'list' && !exportOf;
    sub.on(def.method.toUpperCase(), rel, async (c) => {
      const user = authorize(def, currentUser(c));
      const query = def.query ? parseWith(def.query, c.req.query(), 'query') : {};
      const params = def.params ? parseWith(def.params, c.req.param(), 'params') : {};
      const body = def.body ? parseWith(def.body, await readBody(c, def), 'body') : undefined;
      // Who read which people: a list's page (its ids and filters) or one person.
      const view = (people: { staff_ids: string[] } | { staff_id: string }, count: number, filters?: unknown) =>
        void deps.auditor.record({
          username: user.username,
          role: user.role,
          action: `view ${def.path}`,
          ...people,
          row_count: count,
          detail: { ...(filters === undefined ? {} : { filters }), run_id: deps.warehouse.snapshot?.runId ?? null },
        });
      const snapAtStart = deps.warehouse.snapshot;
      const generation = deps.store.generation;
      const key = cacheable && snapAtStart ? `${snapAtStart.ino}|${generation}|${def.path}|${user.role}|${user.scope.join(',')}|${JSON.stringify(query)}` : '';
      const hit = key ? pages.get(key) : undefined;
      if (hit) {
        view({ staff_ids: hit.ids }, hit.count, query);
        return jsonAnswer(hit.body);
      }
      const ctx: Ctx = { c, user, query, params, body, deps, exportAll: false };
      const out = await def.handler(ctx);
      if (exportOf) {
        const list = out as ListResult;
        // Every export is audited, named people or not, with its row count.
        // Whose data left: the people themselves up to a cap, and always the filters and the
        // snapshot, from which any export can be reproduced.
        const ids = exportOf.person ? [...new Set(list.items.map((i) => String(i.staff_id)))] : [];
        void deps.auditor.record({
          username: user.username,
          role: user.role,
          action: `export ${exportOf.path}`,
          staff_ids: ids.length && ids.length <= auditIdsMax ? ids : null,
          row_count: list.items.length,
          detail: { filters: query, run_id: deps.warehouse.snapshot?.runId ?? null, people: ids.length || undefined },
        });
        const buf = await toWorkbook(exportOf.title ?? exportOf.summary, list.items);
        const filename = encodeURIComponent(`${exportOf.title ?? 'export'}.xlsx`);
        return c.body(buf as unknown as ArrayBuffer, 200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename*=UTF-8''${filename}`,
        });
      }
      if (def.person === 'list') {
        const list = out as ListResult;
        const ids = [...new Set(list.items.map((i) => String(i.staff_id)))];
        view({ staff_ids: ids }, list.items.length, query);
        // kept only when neither the snapshot nor the store changed while it was built
        if (key && deps.warehouse.snapshot === snapAtStart && deps.store.generation === generation) {
          // as bytes: a string body would be encoded to UTF-8 again for every answer
          const page = { body: new TextEncoder().encode(JSON.stringify(out)), ids, count: list.items.length };
          pages.set(key, page);
          return jsonAnswer(page.body);
        }
      } else if (def.person === 'one') {
        view({ staff_id: String((params as Record<string, unknown>).staff_id) }, 1);
      }
      if (out instanceof Response) return out;
      if (def.status === 204 || out === undefined) return c.body(null, 204);
      return c.json(out as object, def.status ?? 200);
    });
  }
}

/** Query-string building blocks shared by the lists. */
export const q = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(settings.pageSizeMax).default(50),
  /** A code-like value (unit ids, rule ids, statuses): letters, digits, CJK, a few separators. */
  code: z.string().max(64).regex(/^[\p{L}\p{N}_\-.]+$/u),
  text: z.string().max(64),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '1900-01-01' && s <= '2200-12-31';
    }, msg('reasonDate')),
  sort: z.string().max(64).regex(/^-?[a-z_][a-z0-9_]*$/),
  year: z.coerce.number().int().min(1900).max(2200),
};
