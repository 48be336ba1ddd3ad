// Score components explained in words (profile page): the pipeline's inputs, never raw JSON.
import { describe, expect, it } from 'vitest';
import { explainComponent, brief } from '../../web/src/lib/explain.ts';

describe('explainComponent', () => {
  it('tells each component from its inputs', () => {
    expect(explainComponent('appraisal', [{ year: 2024, grade: '优秀', points: 100, weight: 0.5 }, { year: 2023, grade: '称职', points: 80, weight: 0.3 }])).toBe(
      '2024 年优秀（100 分 × 0.5）；2023 年称职（80 分 × 0.3）',
    );
    expect(explainComponent('trend', [{ year: 2022, grade: '称职' }, { year: 2023, grade: '优秀' }])).toBe('2022 称职 → 2023 优秀');
    expect(explainComponent('awards', { years: 5, events: [{ date: '2020-12-13', kind: '嘉奖', points: 5 }, { date: '2021-03-01', kind: '警告', points: -20 }] })).toBe(
      '近 5 年：2020-12-13 嘉奖 +5，2021-03-01 警告 -20',
    );
    expect(explainComponent('awards', { years: 5, events: [] })).toBe('近 5 年无奖惩');
    expect(explainComponent('training', { required_hours: 90, hours_by_year: { 2023: 148, 2024: 1234.5 } })).toBe('每年要求 90.0 学时；已完成：2023 年 148.0，2024 年 1,234.5');
    expect(explainComponent('education', { education: '大学本科', band: '本科', major_category: 'law' })).toBe('大学本科（本科），专业类别：法学类');
    expect(explainComponent('age', { age: 54 })).toBe('年龄 54 岁');
  });

  it('falls back to a plain sentence for an unknown component', () => {
    const s = explainComponent('new_component', { a: 1, b: [true, null] });
    expect(s).toBe('a 1.0，b 是；—');
    expect(s).not.toMatch(/[{}[\]"]/);
    expect(brief([])).toBe('无');
  });
});
