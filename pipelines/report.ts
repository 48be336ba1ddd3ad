// The refresh summary as plain-text tables: the CLI prints it, `npm start` prints it.
import type { RefreshResult } from './refresh.ts';

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? c.toLocaleString('en-US') : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => displayWidth(String(r[i] ?? '')))));
  const line = (r: (string | number)[]) =>
    r.map((c, i) => {
      const s = String(c ?? '');
      const pad = ' '.repeat(widths[i] - displayWidth(s));
      return typeof c === 'number' || /^[\d,.]+( ms| s|%)?$/.test(s) ? pad + s : s + pad;
    }).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** CJK characters take two columns in a terminal. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

export function formatSummary(r: RefreshResult): string {
  const out: string[] = [];
  out.push(`刷新 ${r.runId}  截至 ${r.asOf}  状态 ${r.status === 'published' ? '已发布' : '未发布'}`);
  out.push('');
  out.push(
    table(
      ['文件', '实体', '编码', '读取', '载入', '拒绝'],
      r.files.map((f) => [f.file + (f.sheet ? ` [${f.sheet}]` : ''), f.entity, f.encoding, f.rowsRead, f.rowsLoaded, f.rowsRejected]),
    ),
  );
  out.push('');
  out.push(table(['阶段', '耗时'], r.stages.map((s) => [s.stage, `${Math.round(s.ms)} ms`])));
  if (r.summary.length > 0) {
    out.push('');
    out.push(table(['类别', '指标', '数值'], r.summary.map((s) => [s.section, s.label, typeof s.value === 'number' ? s.value : String(s.value)])));
  }
  return out.join('\n');
}
