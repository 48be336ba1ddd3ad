// Excel workbooks of list rows: Chinese headers, one sheet, values as users read them.
import ExcelJS from 'exceljs';
import { fieldLabels } from './messages.ts';

export function header(col: string): string {
  return fieldLabels[col] ?? col;
}

function cell(v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number' || typeof v === 'string') return v;
  return JSON.stringify(v);
}

export async function toWorkbook(title: string, rows: Record<string, unknown>[], columns?: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'duiwu';
  const ws = wb.addWorksheet(title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  ws.columns = cols.map((c) => ({ header: header(c), key: c, width: Math.max(10, header(c).length * 2 + 2) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(cols.map((c) => cell(r[c])));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
