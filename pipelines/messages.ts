// Every user-facing message of the pipelines, in Chinese, in one place.
// Reject reasons are keyed by code; `{file}`, `{row}`, `{column}`, `{value}` and other names are filled in.

export const rejectMessages: Record<string, string> = {
  // filled by the source checks: code → message template
};

export const pipelineMessages = {
  noInputDir: '输入目录不存在：{dir}',
  noFiles: '输入目录 {dir} 中没有可识别的数据文件（文件名应以 机构/人员/任职/职级/考核/培训/奖惩/办案/招录计划 或对应英文开头）',
  missingEntity: '缺少必需的数据文件：{entity}（{label}）',
  missingColumn: '{file} 缺少必需的列 {column}（可用表头：{aliases}）',
  tooManyRejects: '{entity} 共 {total} 行，其中 {rejected} 行被拒绝（{ratio}），超过允许的 {limit}，本次刷新未发布',
  strictRejects: '严格模式：共有 {rejected} 行被拒绝，本次刷新未发布',
  published: '已发布快照 {runId}（截至 {asOf}）',
  failed: '刷新失败，未发布任何数据，当前快照保持不变：{reason}',
  badAsOf: '--as-of 日期格式应为 YYYY-MM-DD：{value}',
} as const;

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** A refusal the user must read: the run stops and nothing is published. */
export class PipelineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'PipelineError';
  }
}
