// The `pipeline` command:
//   npm run pipeline -- --input <dir> [--as-of YYYY-MM-DD] [--strict] [--data-dir <dir>] [--progress bar|plain|json]
//                       [--with-intermediates]   (publish the int_ tables too, to explain a result)
// Exit 0 when a snapshot was published; 1 with a clear message when not (the current snapshot stays).
import { parseArgs } from 'node:util';
import { refresh, stages, type Progress, type RefreshResult, type Stage } from './refresh.ts';
import { PipelineError, pipelineMessages, fill } from './messages.ts';
import { formatSummary } from './report.ts';

const { values } = parseArgs({
  options: {
    input: { type: 'string' },
    'as-of': { type: 'string' },
    strict: { type: 'boolean', default: false },
    'with-intermediates': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    progress: { type: 'string' },
  },
});

if (!values.input) {
  process.stderr.write('用法：npm run pipeline -- --input <目录> [--as-of YYYY-MM-DD] [--strict]\n');
  process.exit(2);
}

const mode = (values.progress ?? (process.stdout.isTTY ? 'bar' : 'plain')) as 'bar' | 'plain' | 'json';
const onProgress = progressPrinter(mode);

try {
  const result = await refresh({ input: values.input, asOf: values['as-of'], strict: values.strict, withIntermediates: values['with-intermediates'], dataDir: values['data-dir'], onProgress });
  if (mode === 'json') process.stdout.write(JSON.stringify({ result }) + '\n');
  else process.stdout.write('\n' + formatSummary(result) + '\n' + fill(pipelineMessages.published, { runId: result.runId, asOf: result.asOf }) + '\n');
  process.exit(0);
} catch (e) {
  const result = (e as { result?: RefreshResult }).result;
  const reason = e instanceof PipelineError ? e.message : `${(e as Error).message}`;
  if (mode === 'json') process.stdout.write(JSON.stringify({ result, error: { code: e instanceof PipelineError ? e.code : 'internal', message: reason } }) + '\n');
  else {
    if (result && result.files.length > 0) process.stderr.write('\n' + formatSummary(result) + '\n');
    process.stderr.write(fill(pipelineMessages.failed, { reason }) + '\n');
  }
  process.exit(1);
}

function progressPrinter(mode: 'bar' | 'plain' | 'json'): (p: Progress) => void {
  const names: Record<Stage, string> = { read: '读取', validate: '校验', rules: '规则', models: '计算', publish: '发布' };
  let last = '';
  return (p) => {
    if (mode === 'json') {
      process.stdout.write(JSON.stringify(p) + '\n');
      return;
    }
    const head = `[${stages.indexOf(p.stage) + 1}/${stages.length}] ${names[p.stage]}`;
    if (mode === 'plain') {
      const line = `${head} ${p.done}/${p.total}${p.label ? ' ' + p.label : ''}`;
      if (line !== last) process.stdout.write(line + '\n');
      last = line;
      return;
    }
    const width = 24;
    const filled = p.total > 0 ? Math.round((p.done / p.total) * width) : width;
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    process.stdout.write(`\r\x1b[2K${head} ${bar} ${p.done}/${p.total} ${p.label ?? ''}`);
    if (p.done === p.total) process.stdout.write('\n');
  };
}
