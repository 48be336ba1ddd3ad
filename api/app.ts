// The Hono app: one sub-app per domain word under /api, the SPA (web/build) for everything else.
// Cross-cutting concerns are applied here once: errors, security headers, body limits, origin
// check, session; authorization, validation and audit come from the route table (route.ts).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { serveStatic } from '@hono/node-server/serve-static';
import { dataPaths, repoRoot, type DataPaths } from '../pipelines/config.ts';
import { AppError, errors, msg } from './messages.ts';
import { settings } from './settings.ts';
import { register, sessionMiddleware, expandRoutes, currentUser, type Deps, type RouteDef } from './route.ts';
import { openStore } from './database.ts';
import { Warehouse } from './warehouse.ts';
import { answerHeaders } from './headers.ts';
import { startDocuments } from './profiles/documents.ts';
import { AuthService } from './auth/service.ts';
import { Auditor } from './audit.ts';
import { RefreshRunner } from './pipeline/runner.ts';
import { openApiDocument, docsPage } from './openapi.ts';
import { authRoutes } from './auth/routes.ts';
import { rotationRoutes } from './rotation/routes.ts';
import { promotionRoutes } from './promotion/routes.ts';
import { trainingRoutes } from './training/routes.ts';
import { poolsRoutes } from './pools/routes.ts';
import { profilesRoutes } from './profiles/routes.ts';
import { structureRoutes } from './structure/routes.ts';
import { recruitmentRoutes } from './recruitment/routes.ts';
import { pipelineRoutes } from './pipeline/routes.ts';
import { adminRoutes } from './admin/routes.ts';
import { changesRoutes } from './changes/routes.ts';

export const domains: Record<string, RouteDef[]> = {
  auth: authRoutes,
  rotation: rotationRoutes,
  promotion: promotionRoutes,
  training: trainingRoutes,
  pools: poolsRoutes,
  profiles: profilesRoutes,
  structure: structureRoutes,
  recruitment: recruitmentRoutes,
  pipeline: pipelineRoutes,
  admin: adminRoutes,
  changes: changesRoutes,
};

const docsRoutes: RouteDef[] = [
  // data-contract.md: without a session every path but health and login answers 401 — the docs too.
  { method: 'get', path: '/openapi.json', summary: 'OpenAPI 文档', access: 'user', handler: async () => undefined },
  { method: 'get', path: '/docs', summary: '接口文档页面', access: 'user', produces: 'html', handler: async () => undefined },
];

/** The complete route table (with generated exports): what the app serves, documents and tests. */
export function routeTable(): RouteDef[] {
  return [...Object.values(domains).flatMap(expandRoutes), ...docsRoutes];
}

export async function createDeps(
  opts: { paths?: DataPaths; now?: () => Date; webDir?: string; watch?: boolean; profileDocuments?: boolean } = {},
): Promise<Deps> {
  const paths = opts.paths ?? dataPaths();
  const now = opts.now ?? (() => new Date());
  const store = await openStore(paths.appDb);
  const warehouse = new Warehouse(paths, opts.profileDocuments === false ? undefined : startDocuments);
  await warehouse.refresh();
  if (opts.watch) warehouse.watch();
  const auth = new AuthService(store, now);
  const auditor = new Auditor(store, now);
  const refreshes = new RefreshRunner(paths, store, warehouse, now);
  await refreshes.recover();
  const webDir = opts.webDir ?? path.join(repoRoot, 'web', 'build');
  return { paths, store, warehouse, auth, auditor, refreshes, now, webDir };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await deps.auditor.drain();
  deps.warehouse.close();
  await deps.store.close();
}

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Refuses state-changing requests sent from another site (SameSite=Strict is the first line). */
function originCheck(deps: Deps) {
  return async (c: Context, next: () => Promise<void>) => {
    if (stateChanging.has(c.req.method)) {
      const origin = c.req.header('origin');
      const own = new URL(c.req.url).origin;
      const host = c.req.header('host');
      const allowed = new Set([own, ...(host ? [`http://${host}`, `https://${host}`] : []), ...(deps.allowedOrigins ?? [])]);
      if (origin && !allowed.has(origin)) throw new AppError(403, 'bad_origin', msg('badOrigin', { origin }));
      if (!origin && c.req.header('sec-fetch-site') === 'cross-site') throw new AppError(403, 'bad_origin', msg('badOrigin', { origin: 'cross-site' }));
    }
    await next();
  };
}

export function createApp(deps: Deps): Hono {
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof AppError) {
      return c.json({ error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } }, err.status);
    }
    if (err instanceof HTTPException && err.status === 413) {
      return c.json({ error: { code: 'body_too_large', message: msg('bodyTooLarge', { limit: `${settings.jsonBodyBytes} 字节` }) } }, 413);
    }
    const ref = crypto.randomBytes(4).toString('hex');
    // The stack stays in the server log; the client gets a reference to quote.
    console.error(`[${ref}] ${c.req.method} ${c.req.path}:`, err);
    return c.json({ error: { code: 'internal', message: msg('internal', { ref }) } }, 500);
  });

  app.use('*', answerHeaders());

  const tooLarge = (limit: number) => () => {
    throw new AppError(413, 'body_too_large', msg('bodyTooLarge', { limit: `${Math.round(limit / 1024)} KB` }));
  };
  const uploadLimit = settings.uploadTotalBytes;
  app.use('/api/*', async (c, next) => {
    // Reading a GET's body would make @hono/node-server build a full web Request for every read.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const upload = c.req.method === 'POST' && c.req.path === '/api/refreshes';
    const limit = upload ? uploadLimit : settings.jsonBodyBytes;
    return bodyLimit({ maxSize: limit, onError: tooLarge(limit) })(c, next);
  });
  app.use('/api/*', originCheck(deps));
  app.use('/api/*', sessionMiddleware(deps));

  for (const defs of Object.values(domains)) {
    const sub = new Hono();
    register(sub, '', expandRoutes(defs), deps);
    app.route('/api', sub);
  }

  const doc = () => openApiDocument(routeTable().filter((r) => !docsRoutes.includes(r)));
  app.get('/api/openapi.json', (c) => {
    if (!currentUser(c)) throw errors.unauthenticated();
    return c.json(doc());
  });
  app.get('/api/docs', (c) => {
    if (!currentUser(c)) throw errors.unauthenticated();
    return c.html(docsPage(doc()));
  });

  // Unknown API paths: 401 without a session (nothing about the API is revealed), else 404.
  app.all('/api/*', (c) => {
    if (!currentUser(c)) throw errors.unauthenticated();
    throw errors.notFound();
  });

  const web = deps.webDir;
  if (web && fs.existsSync(path.join(web, 'index.html'))) {
    app.use('*', serveStatic({ root: web }));
    // Client-side routes: every other path gets the SPA shell (read each time: a rebuild needs no restart).
    app.get('*', (c) => c.html(fs.readFileSync(path.join(web, 'index.html'), 'utf8')));
  }
  return app;
}
