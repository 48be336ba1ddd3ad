// What the API keeps in memory per snapshot must answer exactly as the snapshot does: the homes
// map against staff_home, the in-memory scope check against the SQL scope condition every list
// uses, and cached list pages against decisions taken after they were cached.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { realHarness, type RealHarness } from './real.ts';
import { personInScope, personScope, type Principal } from '../../api/scope.ts';
import { BoundedMap } from '../../api/bounded-map.ts';

let h: RealHarness;
let hr: string;
let district: { unit_id: string; district: string };

beforeAll(async () => {
  h = await realHarness();
  district = (await h.deps.warehouse.use((s) => s.all<{ unit_id: string; district: string }>(`select unit_id, district from unit_dim where unit_type = '区局' order by unit_id limit 1`)))[0];
  hr = await h.login('hr_cache', 'hr', [district.unit_id]);
});
afterAll(async () => h?.close());

describe('per-snapshot memory', () => {
  it('holds every staff_home row, with the same unit, name and district', async () => {
    await h.deps.warehouse.use(async (s) => {
      const rows = await s.all<{ staff_id: string; unit_id: string | null; unit_name: string | null; district: string | null }>(`select staff_id, unit_id, unit_name, district from staff_home`);
      expect(rows.length).toBeGreaterThan(50);
      expect(s.homes.size).toBe(rows.length);
      for (const r of rows) expect(s.homes.get(r.staff_id)).toEqual({ unit_id: r.unit_id, unit_name: r.unit_name, district: r.district });
    });
  });

  it('the one-person scope check agrees with the SQL scope condition for every person and an unknown id', async () => {
    const scoped: Principal = { id: 'u', username: 'u', role: 'hr', scope: [district.unit_id] };
    const city: Principal = { id: 'c', username: 'c', role: 'leader', scope: [] };
    await h.deps.warehouse.use(async (s) => {
      const cond = await personScope(s, scoped, 'x.staff_id');
      const visible = new Set((await s.all<{ staff_id: string }>(`select x.staff_id from staff_home x where ${cond.sql}`, cond.params)).map((r) => r.staff_id));
      const everyone = [...s.homes.keys()];
      expect(visible.size).toBeGreaterThan(0);
      expect(visible.size).toBeLessThan(everyone.length);
      for (const id of everyone) {
        expect(await personInScope(s, scoped, id)).toBe(visible.has(id));
        expect(await personInScope(s, city, id)).toBe(true);
      }
      expect(await personInScope(s, city, 'NO_SUCH_PERSON')).toBe(false);
      await expect(personInScope(s, { ...city, role: 'analyst' }, everyone[0])).rejects.toMatchObject({ status: 403 });
    });
  });

  it('a cached due page shows a decision taken after it was cached, and then the next one', async () => {
    const path = `/api/rotation/due?district=${encodeURIComponent(district.district)}&page=1&page_size=5`;
    const first = await (await h.get(hr, path)).json();
    expect(first.items.length).toBeGreaterThan(0);
    const d = first.items[0];
    expect(d.decision).toBeNull();
    const sent = await h.send(hr, 'POST', '/api/rotation/decisions', { staff_id: d.staff_id, rule_id: d.rule_id, spell_start: d.spell_start, decision: 'deferred', reason: '缓存测试' });
    expect(sent.status).toBe(201);
    const second = await (await h.get(hr, path)).json();
    expect(second.total).toBe(first.total);
    expect(second.items[0]).toEqual({ ...d, decision: 'deferred', decision_reason: '缓存测试' });
    // The cached rows themselves were not changed by merging decisions in: a decision withdrawn
    // (superseded by another kind) shows the new one, not a stale copy.
    expect((await h.send(hr, 'POST', '/api/rotation/decisions', { staff_id: d.staff_id, rule_id: d.rule_id, spell_start: d.spell_start, decision: 'exempt', reason: '再次决定' })).status).toBe(201);
    const third = await (await h.get(hr, path)).json();
    expect(third.items[0]).toEqual({ ...d, decision: 'exempt', decision_reason: '再次决定' });
  });
});

describe('BoundedMap', () => {
  it('drops the oldest entry past its size, and not when a kept key is set again', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2).set('b', 3);
    expect([...m.entries()]).toEqual([['a', 1], ['b', 3]]);
    m.set('c', 4);
    expect([...m.keys()]).toEqual(['b', 'c']);
  });
});
