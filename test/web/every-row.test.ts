// Pages that chart a whole table read it page after page: the API serves at most 500 rows a page, and
// the recruitment page once showed 1995–2004 as "the last 10 years" of 54 years × 17 districts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyRow, type Filters, type Page, type Row } from '../../web/src/lib/api.ts';
import { harness, type Harness } from '../api/helpers.ts';

let h: Harness;

beforeAll(async () => {
  h = await harness({
    snapshot: (db) =>
      db.run(`delete from recruitment_ratios; insert into recruitment_ratios
        select y, d, 10, 3, 2, 0.3, 0.2, null, null, null from range(1973, 2027) a(y), (select unnest(['全市', 'D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8', 'D9', 'D10', 'D11', 'D12', 'D13', 'D14', 'D15', 'D16'])) b(d)`),
  });
}, 60_000);

afterAll(() => h?.close());

/** The recruitment list as the web client asks for it, answered by the real app. */
async function recruitment(f: Filters): Promise<Page<Row>> {
  const q = new URLSearchParams(Object.entries(f).map(([k, v]) => [k, String(v)]));
  const r = await h.req('GET', `/api/recruitment?${q}`, { as: 'analyst' });
  expect(r.status).toBe(200);
  return (await r.json()) as Page<Row>;
}

describe('everyRow', () => {
  it('reads every page of a list longer than one page, each row once', async () => {
    const rows = await everyRow(recruitment);
    expect(rows).toHaveLength(54 * 17);
    expect(new Set(rows.map((r) => `${r.year}/${r.district}`)).size).toBe(54 * 17);
    expect(Math.max(...rows.map((r) => Number(r.year)))).toBe(2026);
    expect((await recruitment({ page: 1, page_size: 500 })).items).toHaveLength(500);
  });

  it('keeps the filters on every page', async () => {
    const rows = await everyRow(recruitment, { district: 'D3' });
    expect(rows.map((r) => r.year)).toEqual(Array.from({ length: 54 }, (_, i) => 1973 + i));
  });
});
