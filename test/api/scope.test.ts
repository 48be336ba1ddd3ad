// Scope leaks: an hr (or leader) user of district D1 reaches no person of D2 through any list,
// filter, search, sort, export or profile; the same requests by a whole-city user do reach them,
// so the check is not vacuous.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { routeTable } from '../../api/app.ts';
import { harness, type Harness } from './helpers.ts';
import { people } from './fixture.ts';

const outside = [...people.d2, ...people.city];
const outsideNames = ['赵敏', '钱刚', '孙丽'];
const lists = routeTable().filter((r) => r.person === 'list' && r.method === 'get');
const variants = ['', 'district=黄浦区', 'unit_id=S2a', 'unit_id=D2', 'unit_id=C0', 'q=赵敏', 'q=P4', 'q=钱', 'sort=-staff_id', 'page_size=500', 'pool=enforcement', 'staff_id=P4', 'as_of=2026-06-30', 'as_of=2020-01-01'];

async function idsIn(res: Response): Promise<{ text: string }> {
  if ((res.headers.get('content-type') ?? '').includes('spreadsheet')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
    return { text: cells.join('\n') };
  }
  return { text: await res.text() };
}

function leaks(text: string): string[] {
  return [...outside.filter((id) => new RegExp(`"${id}"|^${id}$`, 'm').test(text)), ...outsideNames.filter((n) => text.includes(n))];
}

let h: Harness;
beforeAll(async () => {
  h = await harness();
  // Data about D2 people in the store too: a decision and a confirmed pool member.
  expect((await h.req('POST', '/api/rotation/decisions', { as: 'hr_city', body: { staff_id: 'P4', rule_id: 'leader_5y', spell_start: '2020-03-01', decision: 'planned', target_unit_id: 'S1a', planned_date: '2025-09-01' } })).status).toBe(201);
  expect((await h.req('POST', '/api/pools/confirm', { as: 'admin', body: { staff_id: 'P4', pool: 'enforcement', action: 'enter' } })).status).toBe(201);
});
afterAll(async () => h?.close());

describe('scope', () => {
  it(`no D2 person through any of ${lists.length} person lists (and their exports) × ${variants.length} filters`, async () => {
    const found: string[] = [];
    let checked = 0;
    for (const r of lists) {
      for (const v of variants) {
        for (const who of ['hr', 'leader']) {
          if (r.path.endsWith('.xlsx') && who === 'leader') continue;
          const res = await h.req('GET', `/api/${r.path.slice(1)}${v ? '?' + v : ''}`, { as: who });
          if (res.status === 400) continue; // a filter this list does not take
          expect(res.status, `${r.path}?${v} as ${who}`).toBe(200);
          checked++;
          const leaked = leaks((await idsIn(res)).text);
          if (leaked.length) found.push(`${r.path}?${v} as ${who}: ${leaked.join(',')}`);
        }
      }
    }
    expect(found).toEqual([]);
    expect(checked).toBeGreaterThan(lists.length * 4);
  });

  it('the same requests by a whole-city user do show D2 people (the check can fail)', async () => {
    const seen = new Set<string>();
    for (const r of lists) {
      const res = await h.req('GET', `/api/${r.path.slice(1)}`, { as: r.path.endsWith('.xlsx') ? 'hr_city' : 'hr_city' });
      expect(res.status, r.path).toBe(200);
      for (const l of leaks((await idsIn(res)).text)) seen.add(l);
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['P4', 'P5', 'P6', '赵敏']));
  });

  it('profiles, decision history and writes about D2 people answer 404 as for an unknown id', async () => {
    for (const who of ['hr', 'leader']) {
      for (const id of [...outside, 'NOPE']) {
        const r = await h.req('GET', `/api/staff/${id}`, { as: who });
        expect(r.status, `${who} ${id}`).toBe(404);
        const body = await r.json();
        expect(body.error.code).toBe('not_found');
        expect(JSON.stringify(body)).not.toMatch(/赵敏|钱刚|孙丽/);
        expect((await h.req('GET', `/api/rotation/decisions/${id}`, { as: who })).status).toBe(404);
      }
    }
    expect((await h.req('POST', '/api/rotation/decisions', { as: 'hr', body: { staff_id: 'P4', rule_id: 'leader_5y', spell_start: '2020-03-01', decision: 'exempt', reason: '测试' } })).status).toBe(404);
    expect((await h.req('POST', '/api/pools/confirm', { as: 'leader', body: { staff_id: 'P4', pool: 'enforcement', action: 'exit' } })).status).toBe(404);
    // In scope: the profile, with the id number masked and no id hash.
    const p1 = await h.req('GET', '/api/staff/P1', { as: 'hr' });
    expect(p1.status).toBe(200);
    const body = await p1.json();
    expect(body.staff.id_number).toBe('310101********123X');
    expect(body.staff).not.toHaveProperty('id_hash');
    expect(body.scores.components).toEqual({ appraisal: { score: 90, weight: 35 } });
  });

  it('aggregates kept per unit are limited to the scope too', async () => {
    const r = await (await h.req('GET', '/api/structure', { as: 'hr' })).json();
    expect(r.items.map((i: { unit_id: string }) => i.unit_id).sort()).toEqual(['D1']);
    const all = await (await h.req('GET', '/api/structure', { as: 'analyst' })).json();
    expect(all.items.length).toBe(4);
    const units = await (await h.req('GET', '/api/structure/units', { as: 'hr' })).json();
    expect(units.items.map((u: { unit_id: string }) => u.unit_id).sort()).toEqual(['D1', 'S1a', 'S1b']);
  });
});

describe('overview', () => {
  it('counts only the caller scope, for every role', async () => {
    const d1 = await (await h.req('GET', '/api/overview', { as: 'hr' })).json();
    expect(d1).toMatchObject({ headcount: 3, law_share: 0.3333, rotation_reached: 3 });
    const city = await (await h.req('GET', '/api/overview', { as: 'analyst' })).json();
    expect(city).toMatchObject({ headcount: 6, law_share: 0.3333 });
    expect(city.rotation_reached).toBeGreaterThan(d1.rotation_reached);
  });
});
