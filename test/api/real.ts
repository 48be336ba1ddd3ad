// A real refresh of the small demo into a temp data dir, with the API on top (one per test file).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { dataPaths, type DataPaths } from '../../pipelines/config.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';
import { refresh } from '../../pipelines/refresh.ts';
import { createApp, createDeps, closeDeps } from '../../api/app.ts';
import type { Deps } from '../../api/route.ts';
import type { Role } from '../../api/database.ts';
import { PASSWORD } from './helpers.ts';

export const REAL_AS_OF = '2025-06-30';

export interface RealHarness {
  app: Hono;
  deps: Deps;
  paths: DataPaths;
  login: (username: string, role: Role, scope: string[]) => Promise<string>;
  get: (cookie: string, p: string) => Promise<Response>;
  send: (cookie: string, method: string, p: string, body: unknown) => Promise<Response>;
  close: () => Promise<void>;
}

export async function realHarness(): Promise<RealHarness> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-api-real-'));
  const paths = dataPaths(root);
  await generateDemo({ scale: 'small', seed: 1, out: paths.demo, asOf: REAL_AS_OF });
  await refresh({ input: paths.demo, asOf: REAL_AS_OF, dataDir: root });
  const deps = await createDeps({ paths, webDir: '/nonexistent' });
  const app = createApp(deps);
  return {
    app,
    deps,
    paths,
    async login(username, role, scope) {
      await deps.auth.createUser({ username, password: PASSWORD, role, scope, createdBy: null });
      const r = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
      return r.headers.get('set-cookie')!.split(';')[0];
    },
    get: (cookie, p) => Promise.resolve(app.request(p, { headers: { cookie } })),
    send: (cookie, method, p, body) => Promise.resolve(app.request(p, { method, headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })),
    async close() {
      await closeDeps(deps);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
