// Every user-facing message of the pipelines, in Chinese, in one place.
// Reject reasons are keyed by code; `{file}`, `{row}`, `{column}`, `{value}` and other names are filled in.

// {file} {row} {column} {value} are filled per row; {allowed}, {range}, {target} per column.
export const rejectMessages: Record<string, string> = {
  required: '{file} 第{row}行 {column}为必填项，不能为空',
  bad_date: '{file} 第{row}行 {column}「{value}」不是有效日期',
  bad_integer: '{file} 第{row}行 {column}「{value}」不是整数',
  bad_number: '{file} 第{row}行 {column}「{value}」不是有效数字',
  bad_enum: '{file} 第{row}行 {column}「{value}」不是可选值（可选：{allowed}）',
  bad_boolean: '{file} 第{row}行 {column}「{value}」应填“是”或“否”',
  bad_id_format: '{file} 第{row}行 {column}「{value}」不是18位身份证号',
  bad_id_birth: '{file} 第{row}行 {column}「{value}」中的出生日期（第7–14位）无效',
  bad_id_checksum: '{file} 第{row}行 {column}「{value}」校验码错误（GB 11643）',
  out_of_range: '{file} 第{row}行 {column}「{value}」超出允许范围（{range}）',
  end_before_start: '{file} 第{row}行 {column}「{value}」早于开始日期',
  join_before_birth: '{file} 第{row}行 {column}「{value}」早于出生日期',
  status_before_join: '{file} 第{row}行 {column}「{value}」早于进入系统时间',
  self_reference: '{file} 第{row}行 {column}「{value}」不能是本机构自身',
  duplicate_key: '{file} 第{row}行 {column}「{value}」与前面的行重复',
  unknown_staff: '{file} 第{row}行 {column}「{value}」在人员信息中不存在（或该人员行已被拒绝）',
  unknown_unit: '{file} 第{row}行 {column}「{value}」在机构信息中不存在（或该机构行已被拒绝）',
};

/** Non-fatal findings of the loader: the row is kept (or the column skipped) and the report says so. */
export const warningMessages: Record<string, string> = {
  ignored_column: '{file} 的列「{column}」不是可识别的表头，已忽略',
  unrecognised_file: '文件 {file} 的名称无法识别为任何数据类别，已忽略',
  id_gender_mismatch: '{file} 第{row}行 {column}「{value}」第17位表示的性别与“性别”列不一致',
  id_birth_mismatch: '{file} 第{row}行 {column}「{value}」中的出生日期与“出生日期”列不一致',
};

export const pipelineMessages = {
  noInputDir: '输入目录不存在：{dir}',
  busy: '另一个刷新正在进行（进程 {pid}），请稍后再试',
  noFiles: '输入目录 {dir} 中没有可识别的数据文件（文件名应以 机构/人员/任职/职级/考核/培训/奖惩/办案/招录计划 或对应英文开头）',
  missingEntity: '缺少必需的数据文件：{entity}（{label}）',
  missingColumn: '{file} 缺少必需的列 {column}（可用表头：{aliases}）',
  tooManyRejects: '{entity} 共 {total} 行，其中 {rejected} 行被拒绝（{ratio}），超过允许的 {limit}，本次刷新未发布',
  strictRejects: '严格模式：共有 {rejected} 行被拒绝，本次刷新未发布',
  published: '已发布快照 {runId}（截至 {asOf}）',
  failed: '刷新失败，未发布任何数据，当前快照保持不变：{reason}',
  badAsOf: '--as-of 日期格式应为 YYYY-MM-DD：{value}',
  unreadableFile: '无法读取文件 {file}：{reason}',
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

/** Why an XLSX file cannot be read (filled into `unreadableFile`'s {reason}); {entry} is a part inside the zip. */
export const xlsxMessages = {
  notZip: '不是有效的 XLSX 文件（不是 ZIP 压缩包，可能已损坏或被截断）',
  ole2: '这是旧版 .xls 文件或设置了打开密码的工作簿，请在 Excel 中另存为不加密的 .xlsx',
  truncated: '文件被截断（读取时提前遇到文件末尾）',
  corruptZip: 'ZIP 目录已损坏（{detail}）',
  corruptEntry: '文件中的 {entry} 已损坏（{detail}）',
  encryptedEntry: '文件中的 {entry} 已加密，无法读取',
  unsupportedMethod: '文件中的 {entry} 使用了不支持的压缩方式 {detail}',
  noWorkbook: '缺少工作簿部件 {entry}，不是有效的 XLSX 文件',
  noSheet: '工作簿中没有工作表',
  missingSheet: '工作表「{sheet}」的数据部件 {entry} 不存在',
} as const;
