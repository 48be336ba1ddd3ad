// Refreshes from the API: uploads are checked (type, size, name); the refresh runs as a real child
// process (pipelines/cli.ts) with progress as server-sent events; a bad upload gives a clear report
// and leaves the current snapshot as it was; a good one publishes, and its rejects come back as
// JSON and as an Excel error report shaped like the user's files plus 错误原因.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { realHarness, type RealHarness } from './real.ts';

// On a real snapshot of the small demo: a refresh compares with the previous snapshot (changes).
let real: RealHarness;
let demoDir: string;
let h: { req: (method: string, p: string, o?: { as?: string; body?: unknown }) => Promise<Response> };
beforeAll(async () => {
  real = await realHarness();
  demoDir = real.paths.demo;
  const cookies: Record<string, string> = {
    analyst: await real.login('analyst', 'analyst', []),
    hr: await real.login('hr', 'hr', []),
  };
  cookies.hr_city = cookies.hr;
  h = {
    req: async (method, p, o = {}) => {
      const headers: Record<string, string> = o.as ? { cookie: cookies[o.as] } : {};
      let body: BodyInit | undefined;
      if (o.body instanceof FormData) body = o.body;
      else if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] = 'application/json';
      }
      return real.app.request(p, { method, headers, body });
    },
  };
});
afterAll(async () => {
  await real?.close();
});

function form(files: { name: string; data: Buffer | string }[], asOf?: string): FormData {
  const f = new FormData();
  for (const x of files) f.append('files', new File([typeof x.data === 'string' ? x.data : new Uint8Array(x.data)], x.name));
  if (asOf) f.append('as_of', asOf);
  return f;
}

/** Reads the SSE stream to its end: the progress events and the final job. */
async function events(jobId: string): Promise<{ progress: { stage: string }[]; end: { status: string; error: { message: string } | null; run_id: string | null } }> {
  const res = await h.req('GET', `/api/refreshes/${jobId}/events`, { as: 'analyst' });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const text = await res.text();
  const blocks = text.split('\n\n').filter(Boolean);
  const parsed = blocks.map((b) => ({ event: /event: (\w+)/.exec(b)?.[1], data: JSON.parse(/data: (.*)/.exec(b)![1]) }));
  return { progress: parsed.filter((p) => p.event === 'progress').map((p) => p.data), end: parsed.find((p) => p.event === 'end')!.data };
}

describe('refresh uploads', () => {
  it('refuses files of the wrong type, disguised files, odd names and empty uploads, clearly', async () => {
    const cases: [FormData, string][] = [
      [form([{ name: '人员.txt', data: 'a,b' }]), 'upload_type'],
      [form([{ name: '人员.xlsx', data: 'not a zip file' }]), 'upload_type'],
      [form([{ name: '人员.csv', data: Buffer.from([0x50, 0x00, 0x01, 0x02]) }]), 'upload_type'],
      [form([{ name: '.hidden.csv', data: 'a' }]), 'upload_name'],
      [form([]), 'upload_none'],
    ];
    for (const [body, code] of cases) {
      const r = await h.req('POST', '/api/refreshes', { as: 'analyst', body });
      expect(r.status, code).toBe(400);
      const j = await r.json();
      expect(j.error.code).toBe(code);
      expect(j.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await h.req('POST', '/api/refreshes', { as: 'hr', body: form([{ name: '人员.csv', data: 'a' }]) })).status).toBe(403);
  });

  it('a bad file fails the refresh with a clear message; the current snapshot stays', async () => {
    const before = await (await h.req('GET', '/api/health')).json();
    const r = await h.req('POST', '/api/refreshes', { as: 'analyst', body: form([{ name: '人员.csv', data: '姓名,性别\n张三,男\n' }], '2025-06-30') });
    expect(r.status).toBe(202);
    const job = await r.json();
    expect(job.status).toBe('running');
    const { end } = await events(job.id);
    expect(end.status).toBe('failed');
    expect(end.error!.message).toMatch(/[\u4e00-\u9fff]/);
    expect(end.error!.message).toMatch(/机构|units|人员编号|staff_id/);
    expect(await (await h.req('GET', '/api/health')).json()).toEqual(before);
    const rejects = await (await h.req('GET', `/api/refreshes/${job.id}/rejects`, { as: 'analyst' })).json();
    expect(rejects.status).toBe('failed');
    expect(rejects.error.message).toBe(end.error!.message);
    const list = await (await h.req('GET', '/api/refreshes', { as: 'analyst' })).json();
    expect(list.items[0]).toMatchObject({ id: job.id, status: 'failed', started_by: 'analyst' });
  });

  it('groups the rejects of the current snapshot by file and reason over every row', async () => {
    const groups = (await (await h.req('GET', '/api/quality/groups', { as: 'analyst' })).json()).items as { file: string; code: string; count: number; message: string }[];
    const list = await (await h.req('GET', '/api/quality?page_size=500', { as: 'analyst' })).json();
    expect(list.total).toBeGreaterThan(5);
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(list.total);
    for (const g of groups) {
      const rows = list.items.filter((r: { file: string; code: string }) => r.file === g.file && r.code === g.code);
      expect(rows.length, `${g.file} ${g.code}`).toBe(g.count);
      expect(rows.map((r: { message: string }) => r.message)).toContain(g.message);
    }
    expect((await h.req('GET', '/api/quality/groups', { as: 'hr' })).status).toBe(403);
  });

  it('a run refused for a whole bad column answers with its reasons and a page of rows, every row in the report', async () => {
    const n = 1200;
    const staff = ['人员编号,姓名,性别,出生日期,学历,进入系统时间,人员类别,人员状态'];
    for (let i = 0; i < n; i++) staff.push(`S${i},张${i},男,1985-13-01,本科,2010-01-01,行政执法类公务员,在职`);
    const files = [
      { name: '机构.csv', data: '机构代码,机构名称,机构类型\nU0,市局,市局\n' },
      { name: '人员.csv', data: staff.join('\n') + '\n' },
      { name: '任职.csv', data: '人员编号,机构代码,职务,任职日期\nS1,U0,队员,2010-01-01\n' },
    ];
    const job = await (await h.req('POST', '/api/refreshes', { as: 'analyst', body: form(files, '2025-06-30') })).json();
    expect((await events(job.id)).end.status).toBe('failed');
    const rejects = await (await h.req('GET', `/api/refreshes/${job.id}/rejects`, { as: 'analyst' })).json();
    expect(rejects.total).toBe(n);
    expect(rejects.items).toHaveLength(500);
    expect(rejects.items[0]).toMatchObject({ file: '人员.csv', row_number: 2, code: 'bad_date' });
    expect(rejects.groups).toEqual([{ file: '人员.csv', code: 'bad_date', count: n, message: rejects.items[0].message }]);
    const x = await h.req('GET', `/api/refreshes/${job.id}/rejects.xlsx`, { as: 'analyst' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as never);
    expect(wb.worksheets[0].actualRowCount - 1).toBe(n);
  });

  it('a good upload publishes; progress streams; rejects come back as JSON and as an error report', async () => {
    const files = fs
      .readdirSync(demoDir)
      .filter((name) => /\.(csv|xlsx)$/i.test(name))
      .map((name) => ({ name, data: fs.readFileSync(path.join(demoDir, name)) }));
    // the first snapshot (realHarness's refresh) compared with nothing
    const before = await (await h.req('GET', '/api/overview', { as: 'analyst' })).json();
    expect(before).toMatchObject({ previous_run_id: null });
    const r = await h.req('POST', '/api/refreshes', { as: 'analyst', body: form(files, '2025-06-30') });
    expect(r.status).toBe(202);
    const job = await r.json();
    const busy = await h.req('POST', '/api/refreshes/inbox', { as: 'analyst', body: {} });
    expect(busy.status).toBe(409);
    const { progress, end } = await events(job.id);
    expect(end.status, JSON.stringify(end.error)).toBe('published');
    expect([...new Set(progress.map((p) => p.stage))]).toEqual(expect.arrayContaining(['read', 'models', 'publish']));
    expect((await (await h.req('GET', '/api/health')).json()).run_id).toBe(end.run_id);
    expect(await (await h.req('GET', '/api/overview', { as: 'analyst' })).json()).toMatchObject({ run_id: end.run_id, previous_run_id: before.run_id });

    const rejects = await (await h.req('GET', `/api/refreshes/${job.id}/rejects`, { as: 'analyst' })).json();
    expect(rejects.total).toBeGreaterThan(5);
    // the job's groups (in Node, over its rows) are the published snapshot's (in SQL): one report, two ways in
    expect(rejects.groups).toEqual((await (await h.req('GET', '/api/quality/groups', { as: 'analyst' })).json()).items);
    expect(rejects.items[0]).toMatchObject({ file: expect.any(String), row_number: expect.any(Number), message: expect.any(String) });

    const x = await h.req('GET', `/api/refreshes/${job.id}/rejects.xlsx`, { as: 'analyst' });
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as never);
    const files2 = new Set(rejects.items.map((i: { file: string }) => i.file));
    expect(wb.worksheets.length).toBe(files2.size);
    let rows = 0;
    for (const ws of wb.worksheets) {
      const header = (ws.getRow(1).values as string[]).slice(1);
      expect(header[header.length - 1]).toBe('错误原因');
      expect(header.length).toBeGreaterThan(2);
      ws.eachRow((row, n) => {
        if (n > 1) {
          rows++;
          expect(String(row.getCell(header.length).value)).toMatch(/第\d+行/);
        }
      });
    }
    expect(rows).toBe(new Set(rejects.items.map((i: { file: string; row_number: number }) => `${i.file}|${i.row_number}`)).size);

    // The new snapshot is real: the due list reads it.
    const due = await (await h.req('GET', '/api/rotation/due', { as: 'hr_city' })).json();
    expect(due.total).toBeGreaterThan(0);
  });

  it('a job left running by a previous process is reported as interrupted after a restart', async () => {
    await real.deps.store.db
      .insertInto('refresh_jobs')
      .values({ id: 'job-19990101000000-dead01', started_by: 'analyst', started_at: '1999-01-01T00:00:00Z', finished_at: null, status: 'running', as_of: null, input_dir: '/nowhere', run_id: null, result: null, error: null })
      .execute();
    await real.deps.refreshes.recover();
    const job = await (await h.req('GET', '/api/refreshes/job-19990101000000-dead01', { as: 'analyst' })).json();
    expect(job.status).toBe('failed');
    expect(job.error.code).toBe('interrupted');
    expect(job.error.message).toMatch(/中断/);
  });
});
