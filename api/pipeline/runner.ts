// Refreshes started from the API run as a child process (`pipelines/cli.ts --progress json`), so a
// long or failing refresh never blocks or crashes the server. Progress lines are kept per job and
// pushed to subscribers (server-sent events); the job and its result are kept in the store.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import crypto from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import type { DataPaths } from '../../pipelines/config.ts';
import { repoRoot } from '../../pipelines/config.ts';
import type { Store, RefreshJobsTable } from '../database.ts';
import type { Warehouse } from '../warehouse.ts';
import { AppError, msg } from '../messages.ts';

export interface ProgressEvent {
  stage: string;
  done: number;
  total: number;
  label?: string;
}

export interface JobView {
  id: string;
  status: RefreshJobsTable['status'];
  started_by: string;
  started_at: string;
  finished_at: string | null;
  as_of: string | null;
  run_id: string | null;
  progress: ProgressEvent | null;
  result: unknown;
  error: { code: string; message: string } | null;
}

interface LiveJob {
  row: RefreshJobsTable;
  progress: ProgressEvent[];
  events: EventEmitter;
  done: Promise<void>;
}

export class RefreshRunner {
  private live = new Map<string, LiveJob>();
  private running?: string;

  constructor(
    private paths: DataPaths,
    private store: Store,
    private warehouse: Warehouse,
    private now: () => Date,
  ) {}

  /** Jobs left 'running' by a previous process (killed or restarted) are marked failed, with the reason. */
  async recover(): Promise<void> {
    const error = JSON.stringify({ code: 'interrupted', message: msg('refreshInterrupted') });
    await this.store.db.updateTable('refresh_jobs').set({ status: 'failed', finished_at: this.now().toISOString(), error }).where('status', '=', 'running').execute();
  }

  /** Starts a refresh of `inputDir`; one at a time. */
  async start(username: string, inputDir: string, asOf?: string, id: string = newJobId()): Promise<JobView> {
    if (this.running) throw new AppError(409, 'refresh_busy', msg('refreshBusy', { job_id: this.running }));
    const row: RefreshJobsTable = {
      id,
      started_by: username,
      started_at: this.now().toISOString(),
      finished_at: null,
      status: 'running',
      as_of: asOf ?? null,
      input_dir: inputDir,
      run_id: null,
      result: null,
      error: null,
    };
    await this.store.db.insertInto('refresh_jobs').values(row).execute();
    const events = new EventEmitter();
    events.setMaxListeners(100);
    const job: LiveJob = { row, progress: [], events, done: Promise.resolve() };
    this.live.set(id, job);
    this.running = id;

    const args = [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(repoRoot, 'pipelines/cli.ts'), '--input', inputDir, '--progress', 'json', '--data-dir', this.paths.root];
    if (asOf) args.push('--as-of', asOf);
    job.done = new Promise<void>((resolve) => {
      let final: { result?: Record<string, unknown>; error?: { code: string; message: string } } | undefined;
      let stderr = '';
      const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, DUIWU_DATA_DIR: this.paths.root }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stderr.on('data', (b: Buffer) => {
        stderr = (stderr + b.toString()).slice(-4000);
      });
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        let obj: Record<string, unknown>;
        try {
          obj = JSON.parse(line);
        } catch {
          return;
        }
        if ('result' in obj || 'error' in obj) {
          final = obj as typeof final;
          return;
        }
        const p = obj as unknown as ProgressEvent;
        job.progress.push(p);
        events.emit('progress', p);
      });
      const finish = async (code: number | null, spawnError?: Error) => {
        const result = final?.result ?? null;
        const ok = code === 0 && (result as { status?: string } | null)?.status === 'published';
        const error = ok
          ? null
          : final?.error ?? { code: spawnError ? 'spawn_failed' : 'refresh_failed', message: spawnError ? msg('refreshStartFailed', { reason: spawnError.message }) : msg('refreshFailed', { reason: lastLine(stderr) || `exit ${code}` }) };
        Object.assign(job.row, {
          status: ok ? 'published' : 'failed',
          finished_at: this.now().toISOString(),
          run_id: (result as { runId?: string } | null)?.runId ?? null,
          result: result ? JSON.stringify(result) : null,
          error: error ? JSON.stringify(error) : null,
        });
        try {
          await this.store.db.updateTable('refresh_jobs').set(job.row).where('id', '=', id).execute();
          if (ok) await this.warehouse.refresh();
        } catch (e) {
          console.error('refresh job bookkeeping failed:', (e as Error).message);
        }
        this.running = undefined;
        events.emit('end', view(job.row, job.progress));
        resolve();
      };
      child.on('error', (e) => void finish(null, e));
      child.on('close', (code) => void finish(code));
    });
    return view(row, []);
  }

  async get(id: string): Promise<JobView> {
    const live = this.live.get(id);
    if (live) return view(live.row, live.progress);
    const row = await this.store.db.selectFrom('refresh_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found', msg('refreshNotFound', { job_id: id }));
    return view(row, []);
  }

  async list(limit: number): Promise<JobView[]> {
    const rows = await this.store.db.selectFrom('refresh_jobs').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
    return rows.map((r) => (this.live.has(r.id) ? view(this.live.get(r.id)!.row, this.live.get(r.id)!.progress) : view(r, [])));
  }

  /** Past progress, then live events until the end; returns an unsubscribe function. */
  subscribe(id: string, onProgress: (p: ProgressEvent) => void, onEnd: (j: JobView) => void): (() => void) | undefined {
    const job = this.live.get(id);
    if (!job) return undefined;
    for (const p of job.progress) onProgress(p);
    if (job.row.status !== 'running') {
      onEnd(view(job.row, job.progress));
      return () => {};
    }
    job.events.on('progress', onProgress);
    job.events.once('end', onEnd);
    return () => {
      job.events.off('progress', onProgress);
      job.events.off('end', onEnd);
    };
  }

  /** Resolves when the job has finished (tests, shutdown). */
  async wait(id: string): Promise<JobView> {
    const job = this.live.get(id);
    if (job) await job.done;
    return this.get(id);
  }

  get busy(): string | undefined {
    return this.running;
  }
}

export function newJobId(): string {
  return `job-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${crypto.randomBytes(3).toString('hex')}`;
}

function lastLine(s: string): string {
  return s.trim().split('\n').filter(Boolean).pop() ?? '';
}

function view(r: RefreshJobsTable, progress: ProgressEvent[]): JobView {
  return {
    id: r.id,
    status: r.status,
    started_by: r.started_by,
    started_at: r.started_at,
    finished_at: r.finished_at,
    as_of: r.as_of,
    run_id: r.run_id,
    progress: progress[progress.length - 1] ?? null,
    result: r.result ? JSON.parse(r.result) : null,
    error: r.error ? JSON.parse(r.error) : null,
  };
}
