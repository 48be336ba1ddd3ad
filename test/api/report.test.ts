// The reject report's grouping (api/pipeline/report.ts): what the refresh page shows per file and reason.
import { describe, expect, it } from 'vitest';
import { groupRejects, type RejectRow } from '../../api/pipeline/report.ts';

describe('reject groups', () => {
  it('groups rejects by file and reason, largest first within a file', () => {
    const row = (file: string, code: string, message: string): RejectRow => ({ file, sheet: null, row_number: 2, column_name: null, value: null, code, message });
    const g = groupRejects([row('a.csv', 'bad_date', '日期无效'), row('a.csv', 'missing', '缺少必填值'), row('a.csv', 'missing', '缺少必填值'), row('b.xlsx', 'bad_date', '日期无效')]);
    expect(g).toEqual([
      { file: 'a.csv', code: 'missing', count: 2, message: '缺少必填值' },
      { file: 'a.csv', code: 'bad_date', count: 1, message: '日期无效' },
      { file: 'b.xlsx', code: 'bad_date', count: 1, message: '日期无效' },
    ]);
  });
});
