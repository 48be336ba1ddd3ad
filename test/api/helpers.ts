// A real app on a real snapshot and store in a temp dir, with one user per role.
import fs from 'node:fs';
import type { Hono } from 'hono';
import { createApp, createDeps, closeDeps } from '../../api/app.ts';
import type { Deps } from '../../api/route.ts';
import type { Role } from '../../api/database.ts';
import { publishSnapshot, tempDataDir, writeSnapshot } from './fixture.ts';
import { Db } from '../../pipelines/db.ts';
import { switchCurrent } from '../../pipelines/publish.ts';

export const PASSWORD = 'Passw0rd-test';

/** hr and leader see district D1 only; analyst and admin the whole city; hr_city the whole city. */
export const users: { username: string; role: Role; scope: string[] }[] = [
  { username: 'hr', role: 'hr', scope: ['D1'] },
  { username: 'leader', role: 'leader', scope: ['D1'] },
  { username: 'analyst', role: 'analyst', scope: [] },
  { username: 'admin', role: 'admin', scope: [] },
  { username: 'hr_city', role: 'hr', scope: [] },
];

export interface Harness {
  app: Hono;
  deps: Deps;
  clock: { now: Date };
  cookies: Record<string, string>;
  req: (method: string, path: string, opts?: { as?: string; body?: unknown; headers?: Record<string, string> }) => Promise<Response>;
  close: () => Promise<void>;
}

/** `snapshot`: changes the fixture snapshot (a read-write connection to it) before the app opens it. */
export async function harness(opts: { runId?: string; snapshot?: (db: Db) => Promise<void> } = {}): Promise<Harness> {
  const paths = tempDataDir();
  const runId = opts.runId ?? '20250630T120000-aaaa';
  if (opts.snapshot) {
    const file = await writeSnapshot(paths, runId);
    const db = await Db.open(file);
    try {
      await opts.snapshot(db);
    } finally {
      db.close();
    }
    switchCurrent(paths, file);
  } else await publishSnapshot(paths, runId);
  const clock = { now: new Date('2025-07-01T02:00:00Z') };
  const deps = await createDeps({ paths, now: () => clock.now, webDir: '/nonexistent' });
  for (const u of users) await deps.auth.createUser({ ...u, password: PASSWORD, createdBy: null });
  const app = createApp(deps);
  const cookies: Record<string, string> = {};
  const req: Harness['req'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.as) headers.cookie = cookies[o.as];
    let body: BodyInit | undefined;
    if (o.body !== undefined) {
      if (o.body instanceof FormData) body = o.body;
      else {
        body = JSON.stringify(o.body);
        headers['content-type'] = 'application/json';
      }
    }
    return app.request(path, { method, headers, body });
  };
  for (const u of users) {
    const r = await req('POST', '/api/auth/login', { body: { username: u.username, password: PASSWORD } });
    if (r.status !== 200) throw new Error(`login ${u.username}: ${r.status}`);
    cookies[u.username] = r.headers.get('set-cookie')!.split(';')[0];
  }
  return {
    app,
    deps,
    clock,
    cookies,
    req,
    close: async () => {
      await closeDeps(deps);
      fs.rmSync(paths.root, { recursive: true, force: true });
    },
  };
}
