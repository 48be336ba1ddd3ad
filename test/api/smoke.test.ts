import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { harness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h?.close());

describe('api smoke', () => {
  it('health and due list', async () => {
    const health = await h.req('GET', '/api/health');
    expect(await health.json()).toEqual({ run_id: '20250630T120000-aaaa', as_of: '2025-06-30' });
    const r = await h.req('GET', '/api/rotation/due', { as: 'hr' });
    const j = await r.json();
    console.log(JSON.stringify(j).slice(0, 600));
    expect(r.status).toBe(200);
  });
});
