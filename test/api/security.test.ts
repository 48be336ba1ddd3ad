// Login lockout, session expiry and logout, password change, cross-site refusal, hostile query
// values (400, never 500), body limits, the error shape and security headers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { routeTable } from '../../api/app.ts';
import { harness, PASSWORD, type Harness } from './helpers.ts';
import { settings } from '../../api/settings.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h?.close());

const login = (username: string, password: string) => h.req('POST', '/api/auth/login', { body: { username, password } });

describe('authentication', () => {
  it('locks an account after repeated failures, also against the right password, until the lock ends', async () => {
    await h.deps.auth.createUser({ username: 'victim', password: PASSWORD, role: 'hr', scope: [], createdBy: null });
    for (let i = 0; i < settings.lockoutFailures; i++) {
      const r = await login('victim', 'wrong-password-1');
      expect(r.status).toBe(401);
      expect((await r.json()).error.code).toBe('bad_credentials');
    }
    const locked = await login('victim', PASSWORD);
    expect(locked.status).toBe(423);
    const body = await locked.json();
    expect(body.error.code).toBe('locked');
    expect(body.error.message).toMatch(/锁定/);
    h.clock.now = new Date(h.clock.now.getTime() + (settings.lockoutMinutes + 1) * 60_000);
    expect((await login('victim', PASSWORD)).status).toBe(200);
  });

  it('tells a user who they are and which units they see', async () => {
    const me = await (await h.req('GET', '/api/auth/me', { as: 'hr' })).json();
    expect(me).toMatchObject({ username: 'hr', role: 'hr', scope: ['D1'], scope_names: ['浦东新区城管执法局'] });
  });

  it('finds the session cookie among other cookies of the header, and only a cookie of exactly its name', async () => {
    const own = h.cookies.hr; // duiwu_session=<token>
    const token = own.split('=')[1];
    const as = async (cookie: string) => (await h.app.request('/api/auth/me', { headers: { cookie } })).status;
    expect(await as(own)).toBe(200);
    expect(await as(`theme=dark; ${own}; lang=zh`)).toBe(200);
    expect(await as(`theme=dark;${own}`)).toBe(200);
    expect(await as(`x${settings.cookieName}=${token}`)).toBe(401);
    expect(await as(`${settings.cookieName}=; theme=dark`)).toBe(401);
    expect(await as(`${settings.cookieName}=${token}x`)).toBe(401);
  });

  it('unknown users and wrong passwords get the same answer', async () => {
    const a = await login('nobody-here', 'x');
    const b = await login('hr', 'x');
    expect(a.status).toBe(401);
    expect(await a.json()).toEqual(await b.json());
  });

  it('sets an httpOnly SameSite=Strict cookie; a session expires; logout ends it', async () => {
    const r = await login('analyst', PASSWORD);
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const c = cookie.split(';')[0];
    expect((await h.req('GET', '/api/auth/me', { headers: { cookie: c } })).status).toBe(200);
    const saved = h.clock.now;
    h.clock.now = new Date(saved.getTime() + settings.sessionHours * 3600_000 + 1000);
    expect((await h.req('GET', '/api/auth/me', { headers: { cookie: c } })).status).toBe(401);
    h.clock.now = saved;
    expect((await h.req('GET', '/api/auth/me', { headers: { cookie: c } })).status).toBe(401);

    const c2 = (await login('analyst', PASSWORD)).headers.get('set-cookie')!.split(';')[0];
    expect((await h.req('POST', '/api/auth/logout', { headers: { cookie: c2 } })).status).toBe(204);
    expect((await h.req('GET', '/api/auth/me', { headers: { cookie: c2 } })).status).toBe(401);
    expect((await h.req('GET', '/api/auth/me', { headers: { cookie: 'duiwu_session=forged' } })).status).toBe(401);
  });

  it('changes a password: old one refused, weak one refused, new one works, old sessions end', async () => {
    await h.deps.auth.createUser({ username: 'changer', password: PASSWORD, role: 'leader', scope: [], createdBy: null });
    const c = (await login('changer', PASSWORD)).headers.get('set-cookie')!.split(';')[0];
    const wrong = await h.req('POST', '/api/auth/password', { headers: { cookie: c }, body: { old_password: 'nope', new_password: 'Another-pass9' } });
    expect(wrong.status).toBe(400);
    const weak = await h.req('POST', '/api/auth/password', { headers: { cookie: c }, body: { old_password: PASSWORD, new_password: 'short' } });
    expect(weak.status).toBe(400);
    expect((await weak.json()).error.code).toBe('weak_password');
    expect((await h.req('POST', '/api/auth/password', { headers: { cookie: c }, body: { old_password: PASSWORD, new_password: 'Another-pass9' } })).status).toBe(204);
    expect((await h.req('GET', '/api/auth/me', { headers: { cookie: c } })).status).toBe(401);
    expect((await login('changer', PASSWORD)).status).toBe(401);
    expect((await login('changer', 'Another-pass9')).status).toBe(200);
  });

  it('an admin creates users with a role and a scope of real units', async () => {
    const ok = await h.req('POST', '/api/admin/users', { as: 'admin', body: { username: 'hr_d2', password: 'Good-passw0rd', role: 'hr', scope: ['D2'] } });
    expect(ok.status).toBe(201);
    const dup = await h.req('POST', '/api/admin/users', { as: 'admin', body: { username: 'hr_d2', password: 'Good-passw0rd', role: 'hr', scope: ['D2'] } });
    expect(dup.status).toBe(409);
    const bad = await h.req('POST', '/api/admin/users', { as: 'admin', body: { username: 'hr_x', password: 'Good-passw0rd', role: 'hr', scope: ['NOPE'] } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('NOPE');
    const c = (await login('hr_d2', 'Good-passw0rd')).headers.get('set-cookie')!.split(';')[0];
    const due = await (await h.req('GET', '/api/rotation/due', { headers: { cookie: c } })).json();
    expect(due.items.map((i: { staff_id: string }) => i.staff_id).sort()).toEqual(['P4', 'P5']);
  });
});

describe('requests', () => {
  it('refuses state-changing requests from another origin (CSRF) before anything else', async () => {
    const evil = { origin: 'http://evil.example' };
    const r = await h.req('POST', '/api/rotation/decisions', { as: 'hr', headers: evil, body: { staff_id: 'P1', rule_id: 'leader_5y', spell_start: '2019-01-01', decision: 'deferred', reason: 'x' } });
    expect(r.status).toBe(403);
    expect((await r.json()).error.code).toBe('bad_origin');
    expect((await h.req('POST', '/api/auth/login', { headers: evil, body: { username: 'hr', password: PASSWORD } })).status).toBe(403);
    expect((await h.req('POST', '/api/auth/logout', { as: 'hr', headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    // Same origin passes.
    const same = await h.req('POST', '/api/rotation/decisions', { as: 'hr', headers: { origin: 'http://localhost' }, body: { staff_id: 'P1', rule_id: 'leader_5y', spell_start: '2019-01-01', decision: 'deferred', reason: 'x' } });
    expect(same.status).toBe(201);
  });

  const hostile = [
    "'; drop table staff; --",
    "' or '1'='1",
    '%',
    '"; select 1; --',
    '99999999999999999999999',
    '-1',
    '1e309',
    'NaN',
    '2025-02-30',
    '2025-13-01',
    '20250101',
    'x'.repeat(5000),
    '\u0000',
    '../../etc/passwd',
  ];
  const params = ['page', 'page_size', 'as_of', 'status', 'rule_id', 'unit_id', 'sort', 'year', 'pool', 'district', 'q', 'staff_id', 'exempt', 'dimension'];
  // Exports share their list's validation: one of them stands for all.
  const gets = routeTable().filter((r) => r.method === 'get' && !r.path.includes(':') && r.access !== 'public' && (!r.path.endsWith('.xlsx') || r.path === '/rotation/due.xlsx'));

  it(`hostile values in every filter of every list answer 400 or 200, never 500 (${gets.length} routes)`, async () => {
    const bad: string[] = [];
    let refused = 0;
    for (const r of gets) {
      // Only the parameters a route takes: the others are dropped by its schema before any query.
      const taken = params.filter((p) => r.query && p in r.query.shape);
      for (const p of taken) {
        for (const v of hostile) {
          const res = await h.req('GET', `/api${r.path}?${p}=${encodeURIComponent(v)}`, { as: 'admin' });
          if (res.status === 400) {
            refused++;
            const body = await res.json();
            if (!body.error?.message || body.error.code !== 'bad_request') bad.push(`${r.path} ${p}: ${JSON.stringify(body)}`);
          } else if (res.status !== 200) bad.push(`${r.path}?${p}=${v.slice(0, 20)} → ${res.status} ${(await res.text()).slice(0, 200)}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(refused).toBeGreaterThan(gets.length * 3);
  });

  it('a 400 names the bad field in Chinese', async () => {
    const r = await h.req('GET', '/api/rotation/due?as_of=2025-02-30', { as: 'hr' });
    expect(r.status).toBe(400);
    const body = await r.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain('as_of');
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    const s = await (await h.req('GET', '/api/rotation/due?sort=nosuchcolumn', { as: 'hr' })).json();
    expect(s.error.message).toContain('nosuchcolumn');
    const j = await h.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(j.status).toBe(400);
    expect((await j.json()).error.code).toBe('bad_json');
  });

  it('refuses oversized bodies with 413', async () => {
    const r = await h.req('POST', '/api/auth/login', { body: { username: 'x', password: 'y'.repeat(settings.jsonBodyBytes + 10) } });
    expect(r.status).toBe(413);
    expect((await r.json()).error.code).toBe('body_too_large');
  });

  it('answers 401 for unknown API paths without a session, 404 with one, and never leaks a stack', async () => {
    expect((await h.req('GET', '/api/nothing/here')).status).toBe(401);
    const r = await h.req('GET', '/api/nothing/here', { as: 'hr' });
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('sends security headers', async () => {
    const r = await h.req('GET', '/api/health');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(r.headers.get('referrer-policy')).toBe('same-origin');
    expect((await h.req('GET', '/api/rotation/due', { as: 'hr' })).headers.get('cache-control')).toBe('no-store');
  });

  it('sends the same headers with a kept list page and a profile as with any other answer', async () => {
    const headersOf = (r: Response) => {
      const out: Record<string, string> = {};
      r.headers.forEach((v, k) => (out[k] = v));
      delete out['content-length'];
      return out;
    };
    const reference = headersOf(await h.req('GET', '/api/auth/me', { as: 'hr' }));
    const first = await h.req('GET', '/api/rotation/due?page_size=5', { as: 'hr' });
    const kept = await h.req('GET', '/api/rotation/due?page_size=5', { as: 'hr' });
    const text = await kept.text();
    expect(text).toBe(await first.text());
    const id = (JSON.parse(text).items[0] ?? {}).staff_id;
    const answers = [first, kept];
    if (id) answers.push(await h.req('GET', `/api/staff/${id}`, { as: 'hr' }));
    expect(answers.length).toBe(3);
    for (const r of answers) {
      expect(r.status).toBe(200);
      expect(headersOf(r)).toEqual({ ...reference, 'content-type': 'application/json' });
    }
  });

  it('serves the OpenAPI document generated from the route table, and a docs page', async () => {
    expect((await h.req('GET', '/api/openapi.json')).status).toBe(401);
    const doc = await (await h.req('GET', '/api/openapi.json', { as: 'analyst' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.values(doc.paths as Record<string, object>).reduce((n: number, o) => n + Object.keys(o).length, 0);
    expect(ops).toBe(routeTable().length - 2);
    const due = doc.paths['/api/rotation/due'].get;
    expect(due.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['as_of', 'district', 'unit_id', 'rule_id', 'status', 'page', 'page_size']));
    expect(doc.paths['/api/staff/{staff_id}'].get.parameters[0]).toMatchObject({ name: 'staff_id', in: 'path', required: true });
    const html = await (await h.req('GET', '/api/docs', { as: 'hr' })).text();
    expect(html).toContain('/api/rotation/due');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg)/);
  });
});

describe('single-page app', () => {
  it('serves web/build files, index.html for client routes, and never for /api', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { createApp } = await import('../../api/app.ts');
    const web = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-web-'));
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>队伍</title>');
    fs.mkdirSync(path.join(web, '_app'));
    fs.writeFileSync(path.join(web, '_app', 'app.js'), 'console.log(1)');
    const app = createApp({ ...h.deps, webDir: web });
    const root = await app.request('/');
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('队伍');
    const deep = await app.request('/rotation/due?status=reached');
    expect(await deep.text()).toContain('队伍');
    const js = await app.request('/_app/app.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await app.request('/api/nope')).status).toBe(401);
    expect((await app.request('/../../etc/passwd')).status).toBe(200);
    expect(await (await app.request('/../../etc/passwd')).text()).not.toContain('root:');
    fs.rmSync(web, { recursive: true, force: true });
  });
});
