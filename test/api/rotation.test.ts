// The API on a real refresh of the small demo: the due list at other dates replays the mart
// exactly, decisions and pool confirmations follow their rules, scoping holds on real units,
// exports carry Chinese headers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { rotationDue } from '../../api/rotation/queries.ts';
import { realHarness, REAL_AS_OF, type RealHarness } from './real.ts';
import type { Principal } from '../../api/scope.ts';

let h: RealHarness;
let admin: string;
let hr: string;
let leader: string;
let district: { unit_id: string; district: string };
const city: Principal = { id: 'x', username: 'x', role: 'admin', scope: [] };

beforeAll(async () => {
  h = await realHarness();
  admin = await h.login('admin', 'admin', []);
  district = (await h.deps.warehouse.use((s) => s.all<{ unit_id: string; district: string }>(`select unit_id, district from unit_dim where unit_type = '区局' order by unit_id limit 1`)))[0];
  hr = await h.login('hr_one', 'hr', [district.unit_id]);
  leader = await h.login('leader_one', 'leader', [district.unit_id]);
});
afterAll(async () => h?.close());

type Due = { staff_id: string; rule_id: string; spell_start: string; due_date: string; status: string; tenure_years: number; exempt: boolean; reason: string; district: string };

describe('rotation on a real snapshot', () => {
  it('replaying the mart at the snapshot date gives exactly the published rotation_due', async () => {
    const q = { page: 1, page_size: 500 };
    const [published, replayed] = await h.deps.warehouse.use(async (s) => [
      (await rotationDue(s, h.deps.store, city, { ...q }, true)).items as unknown as Due[],
      (await rotationDue(s, h.deps.store, city, { ...q, replay: true }, true)).items as unknown as Due[],
    ]);
    expect(published.length).toBeGreaterThan(5);
    const key = (d: Due) => [d.staff_id, d.rule_id, d.spell_start, d.due_date, d.status, d.tenure_years, d.exempt, d.reason].join('|');
    expect(replayed.map(key).sort()).toEqual(published.map(key).sort());
  });

  it('at a later date, reached means the date is on or after the due date', async () => {
    const r = await h.get(admin, '/api/rotation/due?as_of=2027-06-30&page_size=500');
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.as_of).toBe('2027-06-30');
    expect(body.items.length).toBeGreaterThan(0);
    for (const d of body.items as Due[]) expect(d.status).toBe(d.due_date <= '2027-06-30' ? 'reached' : 'approaching');
    const reached = await (await h.get(admin, '/api/rotation/due?as_of=2027-06-30&status=reached&page_size=1')).json();
    expect(reached.total).toBe(body.items.filter((d: Due) => d.status === 'reached').length);
  });

  it('a district hr sees only that district, on every page and filter', async () => {
    const mine = await (await h.get(hr, '/api/rotation/due?page_size=500')).json();
    const all = await (await h.get(admin, '/api/rotation/due?page_size=500')).json();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.total).toBeLessThan(all.total);
    expect(new Set(mine.items.map((d: Due) => d.district))).toEqual(new Set([district.district]));
    const other = all.items.find((d: Due) => d.district !== district.district) as Due;
    expect((await h.get(hr, `/api/staff/${other.staff_id}`)).status).toBe(404);
    expect((await (await h.get(hr, `/api/staff?q=${other.staff_id}`)).json()).total).toBe(0);
    expect((await (await h.get(hr, `/api/rotation/due?district=${encodeURIComponent(other.district)}`)).json()).total).toBe(0);
  });

  it('decisions: planned needs a target unit and date, deferred and exempt a reason', async () => {
    const d = (await (await h.get(hr, '/api/rotation/due?page_size=1')).json()).items[0] as Due;
    const base = { staff_id: d.staff_id, rule_id: d.rule_id, spell_start: d.spell_start };
    const noTarget = await h.send(hr, 'POST', '/api/rotation/decisions', { ...base, decision: 'planned' });
    expect(noTarget.status).toBe(400);
    expect((await noTarget.json()).error.message).toContain('目标单位');
    expect((await h.send(hr, 'POST', '/api/rotation/decisions', { ...base, decision: 'exempt' })).status).toBe(400);
    expect((await h.send(hr, 'POST', '/api/rotation/decisions', { ...base, spell_start: '1999-01-01', decision: 'exempt', reason: '临近退休' })).status).toBe(400);
    expect((await h.send(hr, 'POST', '/api/rotation/decisions', { ...base, decision: 'planned', target_unit_id: 'NO_SUCH_UNIT', planned_date: '2025-09-01' })).status).toBe(400);
    const ok = await h.send(hr, 'POST', '/api/rotation/decisions', { ...base, decision: 'planned', target_unit_id: district.unit_id, planned_date: '2025-09-01' });
    expect(ok.status).toBe(201);
    const row = (await (await h.get(hr, `/api/rotation/due?q=${d.staff_id}`)).json()).items.find((x: Due) => x.rule_id === d.rule_id);
    expect(row).toMatchObject({ decision: 'planned', target_unit_id: district.unit_id, planned_date: '2025-09-01' });
    expect((await h.send(leader, 'POST', '/api/rotation/decisions', { ...base, decision: 'exempt', reason: 'x' })).status).toBe(403);
    const listed = await (await h.get(leader, '/api/rotation/decisions?decision=planned')).json();
    expect(listed.items.map((x: { staff_id: string }) => x.staff_id)).toContain(d.staff_id);
  });

  it('pools: a leader confirms an entry proposal, then the exit; history keeps both; hr may not confirm', async () => {
    const cand = await (await h.get(leader, '/api/pools/candidates?action=enter&page_size=1')).json();
    expect(cand.total).toBeGreaterThan(0);
    const c = cand.items[0] as { staff_id: string; pool: string; criteria: unknown };
    expect(Array.isArray(c.criteria)).toBe(true);
    expect((await h.send(hr, 'POST', '/api/pools/confirm', { staff_id: c.staff_id, pool: c.pool, action: 'enter' })).status).toBe(403);
    expect((await h.send(leader, 'POST', '/api/pools/confirm', { staff_id: c.staff_id, pool: c.pool, action: 'enter' })).status).toBe(201);
    expect((await h.send(leader, 'POST', '/api/pools/confirm', { staff_id: c.staff_id, pool: c.pool, action: 'enter' })).status).toBe(409);
    const members = await (await h.get(hr, `/api/pools/members?pool=${c.pool}`)).json();
    expect(members.items.map((m: { staff_id: string }) => m.staff_id)).toContain(c.staff_id);
    expect((await h.send(leader, 'POST', '/api/pools/confirm', { staff_id: c.staff_id, pool: c.pool, action: 'exit', note: '调离' })).status).toBe(201);
    const hist = await (await h.get(leader, `/api/pools/history?staff_id=${c.staff_id}`)).json();
    expect(hist.items.map((e: { action: string }) => e.action).sort()).toEqual(['enter', 'exit']);
    const after = await (await h.get(hr, `/api/pools/members?pool=${c.pool}`)).json();
    expect(after.items.map((m: { staff_id: string }) => m.staff_id)).not.toContain(c.staff_id);
    // The pipeline reads pool_members(staff_id, pool, since, until, confirmed_by).
    const row = await h.deps.store.db.selectFrom('pool_members').select(['staff_id', 'pool', 'since', 'until', 'confirmed_by']).where('staff_id', '=', c.staff_id).executeTakeFirst();
    expect(row).toMatchObject({ staff_id: c.staff_id, pool: c.pool, confirmed_by: 'leader_one', since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('a profile has every section, the id number masked and no id hash', async () => {
    const d = (await (await h.get(hr, '/api/rotation/due?page_size=1')).json()).items[0] as Due;
    const p = await (await h.get(hr, `/api/staff/${d.staff_id}`)).json();
    expect(p.staff.staff_id).toBe(d.staff_id);
    expect(p.staff).not.toHaveProperty('id_hash');
    if (p.staff.id_number) expect(p.staff.id_number).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(p.postings.length).toBeGreaterThan(0);
    expect(p.rotation.due.length).toBeGreaterThan(0);
    for (const k of ['ranks', 'appraisals', 'training', 'awards', 'scores', 'pools', 'promotion', 'training_compliance']) expect(p).toHaveProperty(k);
  });

  it('exports carry Chinese headers and the same filters as the list', async () => {
    const list = await (await h.get(hr, '/api/rotation/due?status=reached&page_size=500')).json();
    const r = await h.get(hr, '/api/rotation/due.xlsx?status=reached');
    expect(r.headers.get('content-disposition')).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await r.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['人员编号', '姓名', '满期日期', '状态']));
    expect(ws.rowCount - 1).toBe(list.total);
  });
});
