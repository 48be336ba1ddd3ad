// Client-side reshaping (Arquero) and display formats used by the web pages.
import { describe, expect, it } from 'vitest';
import { pivotBands, pivotYears } from '../../web/src/lib/pivot.ts';
import { diffSummaries } from '../../web/src/lib/quality.ts';
import { fmtInt, fmtPct, fmtDate, fmtDec, fmtPeriod, appraisalPeriod } from '../../web/src/lib/format.ts';

describe('pivots', () => {
  it('pivotBands: one row per band in first-seen order, one column per date, missing = 0, totals per date', () => {
    const p = pivotBands([
      { band: '≤30', as_of: '2024-12-31', headcount: 3 },
      { band: '31–35', as_of: '2024-12-31', headcount: '5' },
      { band: '≤30', as_of: '2025-06-30', headcount: 4 },
    ]);
    expect(p.dates).toEqual(['2024-12-31', '2025-06-30']);
    expect(p.bands).toEqual(['≤30', '31–35']);
    expect(p.rows).toEqual([
      { band: '≤30', '2024-12-31': 3, '2025-06-30': 4 },
      { band: '31–35', '2024-12-31': 5, '2025-06-30': 0 },
    ]);
    expect(p.totals).toEqual({ '2024-12-31': 8, '2025-06-30': 4 });
    expect(pivotBands([])).toEqual({ bands: [], dates: [], rows: [], totals: {} });
  });

  it('pivotYears: 全市 first, then districts; one column per year', () => {
    const p = pivotYears(
      [
        { district: '浦东新区', year: 2024, law_share: 0.3 },
        { district: '全市', year: 2024, law_share: 0.2 },
        { district: '黄浦区', year: 2025, law_share: 0.1 },
      ],
      'law_share',
    );
    expect(p.years).toEqual(['2024', '2025']);
    expect(p.rows.map((r) => r.district)).toEqual(['全市', '黄浦区', '浦东新区']);
    expect(p.rows[2]['2024']).toBe(0.3);
  });
});

describe('data-quality report', () => {
  it('diffs two refresh summaries line by line', () => {
    const d = diffSummaries(
      [{ section: '交流轮岗', label: '已满期', value: 10 }],
      [
        { section: '交流轮岗', label: '已满期', value: 12 },
        { section: '交流轮岗', label: '即将满期', value: 5 },
      ],
    );
    expect(d).toEqual([
      { section: '交流轮岗', label: '已满期', before: 10, after: 12, change: 2 },
      { section: '交流轮岗', label: '即将满期', before: null, after: 5, change: null },
    ]);
  });
});

describe('formats', () => {
  it('numbers with thousands separators, shares as percentages, dates as YYYY-MM-DD', () => {
    expect(fmtInt(1234567)).toBe('1,234,567');
    expect(fmtInt('2500')).toBe('2,500');
    expect(fmtInt(null)).toBe('—');
    expect(fmtDec(3.14159)).toBe('3.1');
    expect(fmtPct(0.2345)).toBe('23.5%');
    expect(fmtDate('2025-06-30')).toBe('2025-06-30');
    expect(fmtDate('2025-06-29T16:30:00Z')).toBe('2025-06-30');
    expect(fmtDate(null)).toBe('—');
  });

  it('training periods: a year as it is, a rolling window in words', () => {
    expect(fmtPeriod('2025')).toBe('2025');
    expect(fmtPeriod('rolling_5y')).toBe('截至统计日的近5年');
    expect(fmtPeriod('rolling_3y')).toBe('截至统计日的近3年');
    expect(fmtPeriod(null)).toBe('');
  });

  it('appraisalPeriod: a year ends on 12-31, a quarter on its last day, each named', () => {
    expect(appraisalPeriod(2025, '年度')).toEqual({ date: '2025-12-31', label: '2025 年度' });
    expect(appraisalPeriod(2025, null)).toEqual({ date: '2025-12-31', label: '2025 年度' });
    expect(appraisalPeriod(2025, '一季度')).toEqual({ date: '2025-03-31', label: '2025 年一季度' });
    expect(appraisalPeriod('2025', '二季度')).toEqual({ date: '2025-06-30', label: '2025 年二季度' });
    expect(appraisalPeriod(2025, '三季度')).toEqual({ date: '2025-09-30', label: '2025 年三季度' });
    expect(appraisalPeriod(2025, '四季度')).toEqual({ date: '2025-12-31', label: '2025 年四季度' });
  });
});
