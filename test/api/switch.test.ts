// A refresh publishes while users read: no request fails, each answers from one whole snapshot,
// the API moves to the new snapshot, and HR decisions (kept by staff, rule and spell start)
// survive the switch.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { harness, type Harness } from './helpers.ts';
import { publishSnapshot } from './fixture.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ runId: '20250630T120000-0000' });
});
afterAll(async () => h?.close());

describe('snapshot switch', () => {
  it('serves every request while snapshots are published underneath', async () => {
    const decided = await h.req('POST', '/api/rotation/decisions', { as: 'hr', body: { staff_id: 'P2', rule_id: 'staff_10y', spell_start: '2015-01-01', decision: 'deferred', reason: '年底前完成专项任务' } });
    expect(decided.status).toBe(201);

    let stop = false;
    const statuses: number[] = [];
    const runIds = new Set<string>();
    const worker = async (i: number) => {
      const paths = ['/api/rotation/due', '/api/staff/P1', '/api/promotion/eligibility', '/api/health', '/api/rotation/due?as_of=2026-01-01'];
      let n = 0;
      while (!stop) {
        // Like requests arriving over the network, each one is its own event: cached answers are
        // served without I/O, and a loop of them alone would never let the publisher's timer run.
        await new Promise((r) => setImmediate(r));
        const p = paths[(i + n++) % paths.length];
        const r = await h.req('GET', p, { as: 'hr' });
        statuses.push(r.status);
        const body = await r.json();
        if (p === '/api/health') runIds.add(body.run_id);
        if (p === '/api/rotation/due') expect(body.items.map((x: { staff_id: string }) => x.staff_id).sort()).toEqual(['P1', 'P2', 'P3']);
      }
    };
    const workers = [0, 1, 2, 3, 4, 5].map(worker);
    const published: string[] = [];
    for (let k = 1; k <= 5; k++) {
      const runId = `20250630T12000${k}-000${k}`;
      await publishSnapshot(h.deps.paths, runId);
      await h.deps.warehouse.refresh();
      published.push(runId);
      await new Promise((r) => setTimeout(r, 150));
    }
    stop = true;
    await Promise.all(workers);

    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(runIds.size).toBeGreaterThan(2);
    const health = await (await h.req('GET', '/api/health')).json();
    expect(health.run_id).toBe(published[published.length - 1]);

    // The decision is attached to the same row in the new snapshot, with its history.
    const due = await (await h.req('GET', '/api/rotation/due', { as: 'hr' })).json();
    const p2 = due.items.find((x: { staff_id: string }) => x.staff_id === 'P2');
    expect(p2).toMatchObject({ decision: 'deferred', decision_reason: '年底前完成专项任务' });
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    await h.req('POST', '/api/rotation/decisions', { as: 'hr', body: { staff_id: 'P2', rule_id: 'staff_10y', spell_start: '2015-01-01', decision: 'planned', target_unit_id: 'S1b', planned_date: '2025-10-01' } });
    const history = await (await h.req('GET', '/api/rotation/decisions/P2', { as: 'hr' })).json();
    expect(history.items.map((d: { decision: string; superseded_at: string | null }) => [d.decision, d.superseded_at === null])).toEqual([
      ['planned', true],
      ['deferred', false],
    ]);
  });

  it('notices a publish by itself (watching current.duckdb)', async () => {
    h.deps.warehouse.watch(50);
    await publishSnapshot(h.deps.paths, '20250701T000000-ffff', '2025-07-01');
    await new Promise((r) => setTimeout(r, 600));
    expect(await (await h.req('GET', '/api/health')).json()).toEqual({ run_id: '20250701T000000-ffff', as_of: '2025-07-01' });
  });
});
