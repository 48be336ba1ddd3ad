// Profile documents (api/profiles/documents.ts) on a real refresh of the small demo: every person's
// document equals what the table lookups give, the file is named by run, reused when the API
// restarts and pruned with its snapshot, and a profile shows store records written after startup.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realHarness, type RealHarness } from './real.ts';
import { documentsOf } from '../../api/profiles/documents.ts';
import { profile, readSections } from '../../api/profiles/queries.ts';
import { createDeps, closeDeps } from '../../api/app.ts';
import { prune } from '../../pipelines/publish.ts';
import type { Snapshot } from '../../api/warehouse.ts';

let h: RealHarness;
let snap: Snapshot;

beforeAll(async () => {
  h = await realHarness();
  snap = h.deps.warehouse.snapshot!;
  await documentsOf(snap)!.done;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('profile documents', () => {
  it('are built beside the snapshot, one per person', async () => {
    const docs = documentsOf(snap)!;
    expect(docs.state).toBe('ready');
    expect(docs.file).toBe(path.join(h.paths.snapshots, `${snap.runId}.profiles`));
    const people = (await snap.all<{ n: number }>(`select count(*)::int as n from wh.staff`))[0].n;
    expect(people).toBeGreaterThan(100);
    expect(docs.size).toBe(people);
  });

  it("equal the table lookups for every person, section by section, row by row", async () => {
    const docs = documentsOf(snap)!;
    const ids = (await snap.all<{ staff_id: string }>(`select staff_id from wh.staff order by staff_id`)).map((r) => r.staff_id);
    let compared = 0;
    let rows = 0;
    for (const id of ids) {
      const fromTables = await readSections(snap, id);
      const fromDocument = docs.get(id)!;
      expect(fromDocument, id).toEqual(fromTables);
      rows += Object.values(fromTables).reduce((n, s) => n + s.length, 0);
      compared++;
    }
    expect(compared).toBe(ids.length);
    // the comparison covered real content: structured JSON columns, lists, dates
    expect(rows).toBeGreaterThan(ids.length * 5);
    const withScores = ids.map((id) => docs.get(id)!).find((d) => d.scores.length && d.candidates.length && d.compliance.length)!;
    expect(typeof withScores.scores[0].components).toBe('object');
    expect(Array.isArray(withScores.candidates[0].criteria)).toBe(true);
    expect(withScores.staff[0]).not.toHaveProperty('id_hash');
    expect(docs.get('no-such-person')).toBeUndefined();
  });

  it('are read back, not rebuilt, when the API starts again on the same snapshot', async () => {
    const docs = documentsOf(snap)!;
    const before = fs.statSync(docs.file).mtimeMs;
    const other = await createDeps({ paths: { ...h.paths, appDb: path.join(h.paths.root, 'app-second.duckdb') }, webDir: '/nonexistent' });
    try {
      const again = documentsOf(other.warehouse.snapshot!)!;
      await again.done;
      expect(again.state).toBe('ready');
      expect(fs.statSync(again.file).mtimeMs).toBe(before);
      const id = (await snap.all<{ staff_id: string }>(`select staff_id from wh.staff limit 1`))[0].staff_id;
      expect(again.get(id)).toEqual(docs.get(id));
    } finally {
      await closeDeps(other);
    }
  });

  it('are built again when their index is of an older build (other format or columns)', async () => {
    const docs = documentsOf(snap)!;
    const index = JSON.parse(fs.readFileSync(docs.indexFile, 'utf8'));
    fs.writeFileSync(docs.indexFile, JSON.stringify({ ...index, format: 2, columns: { ...index.columns, staff: ['staff_id'] } }));
    const other = await createDeps({ paths: { ...h.paths, appDb: path.join(h.paths.root, 'app-third.duckdb') }, webDir: '/nonexistent' });
    try {
      const again = documentsOf(other.warehouse.snapshot!)!;
      await again.done;
      expect(again.state).toBe('ready');
      expect(JSON.parse(fs.readFileSync(again.indexFile, 'utf8'))).toEqual(index);
      const id = (await snap.all<{ staff_id: string }>(`select staff_id from wh.staff order by staff_id desc limit 1`))[0].staff_id;
      expect(again.get(id)).toEqual(await readSections(snap, id));
    } finally {
      await closeDeps(other);
    }
  });

  it('a profile answered from the documents is the one answered from the tables, for 150 people', async () => {
    const fromTables = await createDeps({ paths: { ...h.paths, appDb: path.join(h.paths.root, 'app-tables.duckdb') }, webDir: '/nonexistent', profileDocuments: false });
    try {
      expect(documentsOf(fromTables.warehouse.snapshot!)).toBeUndefined();
      const principal = { id: 'x', username: 'x', role: 'hr' as const, scope: [] };
      const ids = (await snap.all<{ staff_id: string }>(`select staff_id from wh.staff order by hash(staff_id) limit 150`)).map((r) => r.staff_id);
      for (const id of ids) {
        const viaDocs = JSON.parse(await profile(snap, h.deps.store, principal, id));
        const viaTables = JSON.parse(await profile(fromTables.warehouse.snapshot!, fromTables.store, principal, id));
        expect(viaDocs, id).toEqual(viaTables);
        expect(Object.keys(viaDocs)).toEqual(['as_of', 'run_id', 'staff', 'postings', 'ranks', 'appraisals', 'training', 'awards', 'scores', 'pools', 'rotation', 'promotion', 'training_compliance']);
      }
    } finally {
      await closeDeps(fromTables);
    }
  });

  it('a profile read through the API shows a decision recorded after the API started', async () => {
    const hr = await h.login('hr_docs', 'hr', []);
    const due = (await (await h.get(hr, '/api/rotation/due?page_size=1')).json()).items[0] as { staff_id: string; rule_id: string; spell_start: string };
    const first = await (await h.get(hr, `/api/staff/${due.staff_id}`)).json();
    expect(first.rotation.decisions).toEqual([]);
    expect(first.postings).toEqual(documentsOf(snap)!.get(due.staff_id)!.postings);
    const r = await h.send(hr, 'POST', '/api/rotation/decisions', { staff_id: due.staff_id, rule_id: due.rule_id, spell_start: due.spell_start, decision: 'deferred', reason: '专项任务' });
    expect(r.status).toBe(201);
    const after = await (await h.get(hr, `/api/staff/${due.staff_id}`)).json();
    expect(after.rotation.decisions.map((d: { decision: string }) => d.decision)).toEqual(['deferred']);
  });

  it('are removed with their snapshot when it is pruned', async () => {
    const file = path.join(h.paths.snapshots, '19990101T000000-dead.profiles');
    fs.copyFileSync(path.join(h.paths.snapshots, `${snap.runId}.duckdb`), path.join(h.paths.snapshots, '19990101T000000-dead.duckdb'));
    fs.writeFileSync(file, '');
    fs.writeFileSync(`${file}.index.json`, '{}');
    prune(h.paths, 1);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.index.json`)).toBe(false);
    expect(fs.existsSync(documentsOf(snap)!.indexFile)).toBe(true);
    expect(fs.existsSync(documentsOf(snap)!.file)).toBe(true);
  });
});
