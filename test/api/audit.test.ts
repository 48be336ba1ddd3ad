// Every person-level read and every export writes exactly one audit row, with who, what, whom
// and how many; the log is filterable by user and by person.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { routeTable } from '../../api/app.ts';
import { harness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h?.close());

async function auditRows(): Promise<{ at: string; username: string; action: string; staff_id: string | null; staff_ids: string[] | null; row_count: number | null; detail: unknown }[]> {
  const r = await h.req('GET', '/api/audit?page_size=500', { as: 'admin' });
  expect(r.status).toBe(200);
  return (await r.json()).items;
}

const personRoutes = routeTable().filter((r) => r.person && r.method === 'get');
const exportRoutes = routeTable().filter((r) => r.path.endsWith('.xlsx') && r.method === 'get' && !r.path.includes(':'));

describe('audit', () => {
  it('one row per person-level read, naming the people shown', async () => {
    for (const r of personRoutes) {
      const before = (await auditRows()).length;
      const path = '/api' + r.path.replace(':staff_id', 'P1');
      const res = await h.req('GET', path, { as: 'hr_city' });
      expect(res.status, path).toBe(200);
      const rows = await auditRows();
      expect(rows.length, path).toBe(before + 1);
      const row = rows[0];
      expect(row.username).toBe('hr_city');
      if (r.path.endsWith('.xlsx')) {
        expect(row.action).toBe(`export ${r.path.replace(/\.xlsx$/, '')}`);
        expect(row.row_count).toBeGreaterThanOrEqual(0);
      } else if (r.person === 'one') {
        expect(row.action).toBe(`view ${r.path}`);
        expect(row.staff_id).toBe('P1');
      } else {
        const body = await res.json();
        expect(row.action).toBe(`view ${r.path}`);
        expect(row.row_count).toBe(body.items.length);
        expect(row.staff_ids).toEqual([...new Set(body.items.map((i: { staff_id: string }) => i.staff_id))]);
      }
    }
  });

  it('one row per export of any list, with its row count and filters', async () => {
    for (const r of exportRoutes) {
      const roles = Array.isArray(r.access) ? r.access : [];
      const who = roles.includes('hr') ? 'hr_city' : roles.includes('analyst') ? 'analyst' : 'admin';
      const before = (await auditRows()).length;
      const res = await h.req('GET', `/api${r.path}?page_size=1`, { as: who });
      expect(res.status, r.path).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      const rows = await auditRows();
      expect(rows.length, r.path).toBe(before + 1);
      expect(rows[0].action).toBe(`export ${r.path.replace(/\.xlsx$/, '')}`);
      expect(typeof rows[0].row_count).toBe('number');
    }
    const due = (await auditRows()).find((x) => x.action === 'export /rotation/due')!;
    expect(due.row_count).toBe(6);
    expect(due.staff_ids!.sort()).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    expect(due.detail).toMatchObject({ filters: { page_size: 1 }, run_id: '20250630T120000-aaaa' });
    // An export is found when asking about one of the people in it.
    const p4 = (await (await h.req('GET', '/api/audit?staff_id=P4&page_size=500', { as: 'admin' })).json()).items as { action: string }[];
    expect(p4.map((x) => x.action)).toContain('export /rotation/due');
  });

  it('a refused read (out of scope) is not a read; the log filters by person and by user', async () => {
    const before = (await auditRows()).length;
    expect((await h.req('GET', '/api/staff/P4', { as: 'hr' })).status).toBe(404);
    expect((await auditRows()).length).toBe(before);
    expect((await h.req('GET', '/api/staff/P2', { as: 'leader' })).status).toBe(200);
    const byPerson = (await (await h.req('GET', '/api/audit?staff_id=P2', { as: 'admin' })).json()).items as { staff_id: string; staff_ids: string[] }[];
    expect(byPerson.length).toBeGreaterThan(1);
    expect(byPerson.every((x) => x.staff_id === 'P2' || x.staff_ids?.includes('P2'))).toBe(true);
    const byUser = (await (await h.req('GET', '/api/audit?username=leader', { as: 'admin' })).json()).items as { username: string; staff_id: string }[];
    expect(byUser).toHaveLength(1);
    expect(byUser[0].staff_id).toBe('P2');
    expect((await h.req('GET', '/api/audit', { as: 'hr_city' })).status).toBe(403);
  });
});
