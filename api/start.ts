// `npm start`: serve the platform on one port. With a published snapshot in the data directory it
// starts at once; with none it refreshes from data/inbox, or — when the inbox is empty — generates
// the demo data (city scale, seed 1) and refreshes from that. The first start creates the admin
// (DUIWU_ADMIN_PASSWORD or a generated password, printed once) and, in demo mode, one user per role.
import fs from 'node:fs';
import { serve } from '@hono/node-server';
import { dataPaths, todayInShanghai } from '../pipelines/config.ts';
import { refresh } from '../pipelines/refresh.ts';
import { formatSummary } from '../pipelines/report.ts';
import { generateDemo } from '../pipelines/demo/generate.ts';
import { createApp, createDeps, closeDeps } from './app.ts';
import { onDocumentsReady } from './profiles/documents.ts';
import { generatePassword, checkPasswordStrength } from './auth/service.ts';
import { msg, roleLabels } from './messages.ts';
import type { Deps } from './route.ts';
import type { Role } from './database.ts';

const paths = dataPaths();
const port = Number(process.env.PORT || 8080);
const host = process.env.HOST || '0.0.0.0';
const log = (s: string) => process.stdout.write(s + '\n');

function hasFiles(dir: string): boolean {
  return fs.existsSync(dir) && fs.readdirSync(dir).some((f) => !f.startsWith('.') && /\.(csv|xlsx)$/i.test(f));
}

/** Builds the first snapshot when there is none; returns whether it came from demo data. */
async function ensureSnapshot(): Promise<boolean> {
  if (fs.existsSync(paths.current)) return false;
  fs.mkdirSync(paths.root, { recursive: true });
  let input = paths.inbox;
  const demo = !hasFiles(paths.inbox);
  if (demo) {
    input = paths.demo;
    if (!hasFiles(paths.demo)) {
      log(msg('startNoData', { root: paths.root, demo: paths.demo }));
      const t0 = Date.now();
      await generateDemo({ scale: 'city', seed: 1, out: paths.demo });
      log(msg('startDemoMade', { seconds: ((Date.now() - t0) / 1000).toFixed(1) }));
    }
  }
  log(msg('startFirstRefresh', { input }));
  let lastStage = '';
  const result = await refresh({
    input,
    asOf: todayInShanghai(),
    dataDir: paths.root,
    onProgress: (p) => {
      if (p.stage !== lastStage) log(`  ${p.stage} …`);
      lastStage = p.stage;
    },
  });
  log('');
  log(formatSummary(result));
  log(msg('startPublished', { run_id: result.runId, as_of: result.asOf }));
  return demo;
}

/** First start: the admin, and in demo mode one user per role; passwords are printed this once. */
async function ensureUsers(deps: Deps, demo: boolean): Promise<{ username: string; role: Role; password?: string; scope: string }[]> {
  if (await deps.auth.hasUsers()) {
    const names = new Map(
      (await deps.warehouse.use((s) => s.all<{ unit_id: string; unit_name: string }>(`select unit_id, unit_name from unit_dim`))).map((u) => [u.unit_id, u.unit_name]),
    );
    return (await deps.auth.listUsers()).map((u) => {
      const ids = JSON.parse(u.scope) as string[];
      return { username: u.username, role: u.role, scope: ids.length === 0 ? msg('startWholeCity') : ids.map((id) => names.get(id) ?? id).join('、') };
    });
  }
  const created: { username: string; role: Role; password?: string; scope: string }[] = [];
  const adminPassword = process.env.DUIWU_ADMIN_PASSWORD || generatePassword();
  if (process.env.DUIWU_ADMIN_PASSWORD) checkPasswordStrength(adminPassword);
  await deps.auth.createUser({ username: 'admin', password: adminPassword, role: 'admin', scope: [], createdBy: null });
  created.push({ username: 'admin', role: 'admin', password: process.env.DUIWU_ADMIN_PASSWORD ? msg('startPasswordFromEnv') : adminPassword, scope: msg('startWholeCity') });
  if (demo) {
    // The demo hr officer works for one district bureau, to show scoping; the others see the city.
    const district = await deps.warehouse.use((s) => s.all<{ unit_id: string; unit_name: string }>(`select unit_id, unit_name from unit_dim where unit_type = '区局' order by unit_id limit 1`));
    const demoUsers: { username: string; role: Role; scope: string[]; label: string }[] = [
      { username: 'hr', role: 'hr', scope: district[0] ? [district[0].unit_id] : [], label: district[0]?.unit_name ?? msg('startWholeCity') },
      { username: 'hr_city', role: 'hr', scope: [], label: msg('startWholeCity') },
      { username: 'leader', role: 'leader', scope: [], label: msg('startWholeCity') },
      { username: 'analyst', role: 'analyst', scope: [], label: msg('startWholeCity') },
    ];
    for (const u of demoUsers) {
      const password = generatePassword();
      await deps.auth.createUser({ username: u.username, password, role: u.role, scope: u.scope, createdBy: 'demo' });
      created.push({ username: u.username, role: u.role, password, scope: u.label });
    }
  }
  return created;
}

onDocumentsReady((docs, ms) => log(msg('startDocumentsReady', { people: docs.size, seconds: (ms / 1000).toFixed(1) })));
const demo = await ensureSnapshot();
const deps = await createDeps({ paths, watch: true });
const logins = await ensureUsers(deps, demo);
const app = createApp(deps);
const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const s = deps.warehouse.snapshot;
  log('');
  log(msg('startListening', { url: `http://localhost:${info.port}/` }));
  log(msg('startSnapshot', { run_id: s?.runId ?? msg('startNone'), as_of: s?.asOf ?? '—', docs: `http://localhost:${info.port}/api/docs` }));
  if (!fs.existsSync(deps.webDir + '/index.html')) log(msg('startNoWeb'));
  log(msg('startLogins'));
  for (const u of logins) log(msg('startLogin', { username: u.username.padEnd(10), role: roleLabels[u.role].padEnd(6), scope: u.scope, password: u.password ? msg('startPassword', { password: u.password }) : '' }));
  if (logins.some((u) => u.password)) log(msg('startPasswordOnce'));
});

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  server.close();
  await closeDeps(deps);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
