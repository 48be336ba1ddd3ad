// The authorization matrix, generated from the route table: every route × every role (and no
// session) × a person in / out of the caller's scope → the expected status. A route added to the
// table without a sample here fails the "no route missing" test.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { routeTable } from '../../api/app.ts';
import type { RouteDef } from '../../api/route.ts';
import { harness, users, type Harness } from './helpers.ts';

interface Sample {
  /** Path with parameters filled, for a person in scope of the D1 users (or no person). */
  path: string;
  /** Same route for a person outside D1 (scoped routes only). */
  outPath?: string;
  body?: unknown;
  outBody?: unknown;
  form?: boolean;
  /** Status for an allowed caller (in scope). */
  ok: number;
  /** Status for an allowed caller whose scope excludes the person. */
  out?: number;
}

const decisionIn = { staff_id: 'P1', rule_id: 'leader_5y', spell_start: '2019-01-01', decision: 'deferred', reason: '工作需要暂缓' };
const decisionOut = { staff_id: 'P4', rule_id: 'leader_5y', spell_start: '2020-03-01', decision: 'deferred', reason: '工作需要暂缓' };

/** Side-effectful routes use a body that passes authorization but not validation (400), except where noted. */
const samples: Record<string, Sample> = {
  'post /auth/login': { path: '/api/auth/login', body: { username: 'nobody', password: 'x' }, ok: 401 },
  'post /auth/logout': { path: '/api/auth/logout', ok: 204 },
  'get /auth/me': { path: '/api/auth/me', ok: 200 },
  'post /auth/password': { path: '/api/auth/password', body: { old_password: 'wrong-one-1', new_password: 'Newpassw0rd-1' }, ok: 400 },
  'get /health': { path: '/api/health', ok: 200 },
  'get /rotation/due': { path: '/api/rotation/due', ok: 200 },
  'get /rotation/due.xlsx': { path: '/api/rotation/due.xlsx', ok: 200 },
  'get /rotation/summary': { path: '/api/rotation/summary', ok: 200 },
  'get /rotation/loans': { path: '/api/rotation/loans', ok: 200 },
  'get /rotation/loans.xlsx': { path: '/api/rotation/loans.xlsx', ok: 200 },
  'get /rotation/decisions': { path: '/api/rotation/decisions', ok: 200 },
  'get /rotation/decisions.xlsx': { path: '/api/rotation/decisions.xlsx', ok: 200 },
  'post /rotation/decisions': { path: '/api/rotation/decisions', body: decisionIn, outBody: decisionOut, ok: 201, out: 404 },
  'get /rotation/decisions/:staff_id': { path: '/api/rotation/decisions/P1', outPath: '/api/rotation/decisions/P4', ok: 200, out: 404 },
  'get /promotion/eligibility': { path: '/api/promotion/eligibility', ok: 200 },
  'get /promotion/eligibility.xlsx': { path: '/api/promotion/eligibility.xlsx', ok: 200 },
  'get /training/compliance': { path: '/api/training/compliance', ok: 200 },
  'get /training/compliance.xlsx': { path: '/api/training/compliance.xlsx', ok: 200 },
  'get /pools/candidates': { path: '/api/pools/candidates', ok: 200 },
  'get /pools/candidates.xlsx': { path: '/api/pools/candidates.xlsx', ok: 200 },
  'get /pools/members': { path: '/api/pools/members', ok: 200 },
  'get /pools/members.xlsx': { path: '/api/pools/members.xlsx', ok: 200 },
  'get /pools/history': { path: '/api/pools/history', ok: 200 },
  'get /pools/history.xlsx': { path: '/api/pools/history.xlsx', ok: 200 },
  // exit of a non-member: allowed callers reach the rule check (409); out of scope is 404 first.
  'post /pools/confirm': { path: '/api/pools/confirm', body: { staff_id: 'P1', pool: 'youth', action: 'exit' }, outBody: { staff_id: 'P4', pool: 'youth', action: 'exit' }, ok: 409, out: 404 },
  'get /staff': { path: '/api/staff', ok: 200 },
  'get /staff.xlsx': { path: '/api/staff.xlsx', ok: 200 },
  'get /staff/:staff_id': { path: '/api/staff/P1', outPath: '/api/staff/P4', ok: 200, out: 404 },
  'get /structure': { path: '/api/structure', ok: 200 },
  'get /structure.xlsx': { path: '/api/structure.xlsx', ok: 200 },
  'get /structure/units': { path: '/api/structure/units', ok: 200 },
  'get /overview': { path: '/api/overview', ok: 200 },
  'get /profiles/scores': { path: '/api/profiles/scores', ok: 200 },
  'get /profiles/scores.xlsx': { path: '/api/profiles/scores.xlsx', ok: 200 },
  'get /recruitment/workforce': { path: '/api/recruitment/workforce', ok: 200 },
  'get /recruitment/workforce.xlsx': { path: '/api/recruitment/workforce.xlsx', ok: 200 },
  'get /recruitment': { path: '/api/recruitment', ok: 200 },
  'get /recruitment.xlsx': { path: '/api/recruitment.xlsx', ok: 200 },
  'get /refreshes': { path: '/api/refreshes', ok: 200 },
  'post /refreshes': { path: '/api/refreshes', form: true, ok: 400 },
  'post /refreshes/inbox': { path: '/api/refreshes/inbox', body: { as_of: '2025-02-30' }, ok: 400 },
  'get /refreshes/:job_id': { path: '/api/refreshes/job-0-none', ok: 404 },
  'get /refreshes/:job_id/events': { path: '/api/refreshes/job-0-none/events', ok: 404 },
  'get /refreshes/:job_id/rejects': { path: '/api/refreshes/job-0-none/rejects', ok: 404 },
  'get /refreshes/:job_id/rejects.xlsx': { path: '/api/refreshes/job-0-none/rejects.xlsx', ok: 404 },
  'get /quality': { path: '/api/quality', ok: 200 },
  'get /quality.xlsx': { path: '/api/quality.xlsx', ok: 200 },
  'get /quality/groups': { path: '/api/quality/groups', ok: 200 },
  'get /quality/warnings': { path: '/api/quality/warnings', ok: 200 },
  'get /quality/warnings.xlsx': { path: '/api/quality/warnings.xlsx', ok: 200 },
  'get /admin/users': { path: '/api/admin/users', ok: 200 },
  'post /admin/users': { path: '/api/admin/users', body: { username: 'x', password: 'short', role: 'hr', scope: [] }, ok: 400 },
  'put /admin/users/:id': { path: '/api/admin/users/00000000-0000-4000-8000-000000000000', body: { disabled: false }, ok: 404 },
  'get /audit': { path: '/api/audit', ok: 200 },
  'get /audit.xlsx': { path: '/api/audit.xlsx', ok: 200 },
  'get /changes': { path: '/api/changes', ok: 200 },
  'get /changes.xlsx': { path: '/api/changes.xlsx', ok: 200 },
  'get /openapi.json': { path: '/api/openapi.json', ok: 200 },
  'get /docs': { path: '/api/docs', ok: 200 },
};

const key = (r: RouteDef) => `${r.method} ${r.path}`;
const table = routeTable();
const callers = [undefined, ...users.map((u) => u.username)];

function expected(r: RouteDef, caller: string | undefined, out: boolean): number {
  const s = samples[key(r)];
  if (r.access === 'public') return s.ok;
  if (!caller) return 401;
  const u = users.find((x) => x.username === caller)!;
  if (r.access !== 'user' && u.role !== 'admin' && !r.access.includes(u.role)) return 403;
  if (out && u.scope.length > 0) return s.out!;
  return s.ok;
}

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h?.close());

describe('authorization matrix', () => {
  it('has a sample for every route of the table (no route missing)', () => {
    const missing = table.map(key).filter((k) => !samples[k]);
    expect(missing).toEqual([]);
    expect(Object.keys(samples).filter((k) => !table.some((r) => key(r) === k))).toEqual([]);
  });

  it('every route × role × in/out of scope answers the expected status', async () => {
    const failures: string[] = [];
    let cells = 0;
    // Logout last: it ends the caller's session.
    const ordered = [...table.filter((r) => r.path !== '/auth/logout'), ...table.filter((r) => r.path === '/auth/logout')];
    for (const r of ordered) {
      const s = samples[key(r)];
      for (const caller of callers) {
        for (const out of s.out !== undefined ? [false, true] : [false]) {
          const body = s.form ? new FormData() : out ? (s.outBody ?? s.body) : s.body;
          const res = await h.req(r.method.toUpperCase(), out ? (s.outPath ?? s.path) : s.path, { as: caller, body });
          const want = expected(r, caller, out);
          cells++;
          if (res.status !== want) failures.push(`${key(r)} as ${caller ?? '(none)'}${out ? ' out-of-scope' : ''}: ${res.status} ≠ ${want} ${res.status >= 400 ? await res.text() : ''}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(cells).toBeGreaterThan(table.length * callers.length);
  });
});
