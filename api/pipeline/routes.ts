import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { streamSSE } from 'hono/streaming';
import { q, type RouteDef, parseWith } from '../route.ts';
import { listRows } from '../lists.ts';
import { AppError, msg } from '../messages.ts';
import { settings } from '../settings.ts';
import { newJobId } from './runner.ts';
import { jobRejects, errorReport, groupRejects, currentRejectGroupsSql } from './report.ts';

const jobParams = z.object({ job_id: z.string().max(64).regex(/^job-[0-9a-z-]+$/) });

/** Accepts only .csv / .xlsx files with a plain name and plausible content, within the size limits. */
export function checkUpload(files: File[]): void {
  if (files.length === 0) throw new AppError(400, 'upload_none', msg('uploadNone'), 'files');
  if (files.length > settings.uploadFiles) throw new AppError(400, 'upload_count', msg('uploadCount', { max: settings.uploadFiles }), 'files');
  for (const f of files) {
    const name = f.name;
    if (!name || name !== path.basename(name) || name.startsWith('.') || name.length > 200 || /[\\/\u0000]/.test(name)) {
      throw new AppError(400, 'upload_name', msg('uploadName', { file: name }), 'files');
    }
    if (!/\.(csv|xlsx)$/i.test(name)) throw new AppError(400, 'upload_type', msg('uploadType', { file: name }), 'files');
    if (f.size > settings.uploadFileBytes) {
      throw new AppError(413, 'upload_size', msg('uploadSize', { file: name, limit: `${Math.round(settings.uploadFileBytes / 1024 / 1024)} MB` }), 'files');
    }
  }
}

async function sniff(f: File): Promise<void> {
  const head = new Uint8Array(await f.slice(0, 4096).arrayBuffer());
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  const xlsx = /\.xlsx$/i.test(f.name);
  // An .xlsx is a zip; a .csv is text (no NUL bytes).
  if (xlsx ? !isZip : head.includes(0)) throw new AppError(400, 'upload_type', msg('uploadType', { file: f.name }), 'files');
}

export const pipelineRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/refreshes',
    summary: '刷新记录',
    access: ['analyst'],
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    handler: async ({ deps, query }) => ({ items: await deps.refreshes.list(query.limit), running: deps.refreshes.busy ?? null }),
  },
  {
    method: 'post',
    path: '/refreshes',
    summary: '上传数据文件（multipart 字段 files，可多个；as_of 可选）并启动刷新',
    access: ['analyst'],
    status: 202,
    produces: 'json',
    handler: async ({ c, deps, user }) => {
      const form = await c.req.parseBody({ all: true }).catch(() => {
        throw new AppError(400, 'upload_none', msg('uploadNone'), 'files');
      });
      const raw = form['files'] ?? form['files[]'];
      const files = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((f): f is File => typeof f !== 'string');
      checkUpload(files);
      for (const f of files) await sniff(f);
      const asOf = form['as_of'] ? parseWith(q.date, form['as_of'], 'as_of') : undefined;
      if (deps.refreshes.busy) throw new AppError(409, 'refresh_busy', msg('refreshBusy', { job_id: deps.refreshes.busy }));
      const id = newJobId();
      const dir = path.join(deps.paths.uploads, id);
      fs.mkdirSync(dir, { recursive: true });
      for (const f of files) fs.writeFileSync(path.join(dir, f.name), Buffer.from(await f.arrayBuffer()));
      return deps.refreshes.start(user.username, dir, asOf, id);
    },
  },
  {
    method: 'post',
    path: '/refreshes/inbox',
    summary: '从 data/inbox 目录启动刷新',
    access: ['analyst'],
    status: 202,
    body: z.object({ as_of: q.date.optional() }),
    handler: async ({ deps, user, body }) => deps.refreshes.start(user.username, deps.paths.inbox, body.as_of),
  },
  {
    method: 'get',
    path: '/refreshes/:job_id',
    summary: '刷新任务状态与结果摘要',
    access: ['analyst'],
    params: jobParams,
    handler: ({ deps, params }) => deps.refreshes.get(params.job_id),
  },
  {
    method: 'get',
    path: '/refreshes/:job_id/events',
    summary: '刷新进度（server-sent events：progress，最后 end）',
    access: ['analyst'],
    params: jobParams,
    produces: 'sse',
    handler: async ({ c, deps, params }) => {
      const job = await deps.refreshes.get(params.job_id);
      return streamSSE(c, async (stream) => {
        let finished: (() => void) | undefined;
        const ended = new Promise<void>((r) => (finished = r));
        const unsubscribe = deps.refreshes.subscribe(
          params.job_id,
          (p) => void stream.writeSSE({ event: 'progress', data: JSON.stringify(p) }),
          (j) => {
            void stream.writeSSE({ event: 'end', data: JSON.stringify(j) }).then(() => finished!());
          },
        );
        if (!unsubscribe) {
          await stream.writeSSE({ event: 'end', data: JSON.stringify(job) });
          return;
        }
        stream.onAbort(() => {
          unsubscribe();
          finished!();
        });
        await ended;
        unsubscribe();
      });
    },
  },
  {
    method: 'get',
    path: '/refreshes/:job_id/rejects',
    summary: '刷新被拒绝的行（文件、行号、列、值、原因）',
    access: ['analyst'],
    params: jobParams,
    handler: async ({ deps, params }) => {
      const job = await deps.refreshes.get(params.job_id);
      const rows = await jobRejects(deps.paths, deps.warehouse, job);
      // every row is in the error report (rejects.xlsx); the page shows the groups and the first rows
      return { job_id: job.id, status: job.status, error: job.error, files: (job.result as { files?: unknown } | null)?.files ?? [], groups: groupRejects(rows), items: rows.slice(0, settings.pageSizeMax), total: rows.length };
    },
  },
  {
    method: 'get',
    path: '/refreshes/:job_id/rejects.xlsx',
    summary: '错误报告（与原文件同样的列，另加“错误原因”列）',
    access: ['analyst'],
    params: jobParams,
    produces: 'xlsx',
    handler: async ({ c, deps, params, user }) => {
      const job = await deps.refreshes.get(params.job_id);
      const rejects = await jobRejects(deps.paths, deps.warehouse, job);
      const row = await deps.store.db.selectFrom('refresh_jobs').select('input_dir').where('id', '=', job.id).executeTakeFirstOrThrow();
      const buf = await errorReport(row.input_dir, rejects);
      await deps.auditor.record({ username: user.username, role: user.role, action: `export /refreshes/${job.id}/rejects.xlsx`, row_count: rejects.length });
      return c.body(buf as unknown as ArrayBuffer, 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`错误报告-${job.id}.xlsx`)}`,
      });
    },
  },
  {
    method: 'get',
    path: '/quality',
    summary: '数据质量报告：当前快照被拒绝的行',
    title: '数据质量报告',
    access: ['analyst'],
    exportable: true,
    query: z.object({ page: q.page, page_size: q.pageSize, sort: q.sort.optional(), file: q.text.optional(), code: q.code.optional(), column_name: q.text.optional() }),
    handler: ({ deps, user, query, exportAll }) =>
      deps.warehouse.use((s) => listRows(s, user, { table: 'rejects', filters: ['file', 'code', 'column_name'], sort: ['file', 'row_number'], scope: 'none' }, query, exportAll)),
  },
  {
    method: 'get',
    path: '/quality/groups',
    summary: '数据质量报告：当前快照被拒绝的行，按文件和原因汇总（每组的行数与一条示例说明）',
    access: ['analyst'],
    handler: ({ deps }) =>
      deps.warehouse.use(async (s) => ({
        items: s.has('rejects')
          ? await s.all(currentRejectGroupsSql, undefined, { cache: true })
          : [],
      })),
  },
  {
    method: 'get',
    path: '/quality/warnings',
    summary: '数据质量报告：当前快照的警告',
    title: '数据质量警告',
    access: ['analyst'],
    exportable: true,
    query: z.object({ page: q.page, page_size: q.pageSize, sort: q.sort.optional(), file: q.text.optional(), code: q.code.optional() }),
    handler: ({ deps, user, query, exportAll }) =>
      deps.warehouse.use((s) => listRows(s, user, { table: 'warnings', filters: ['file', 'code'], sort: ['file', 'row_number'], scope: 'none' }, query, exportAll)),
  },
];
