// Policy is data: every threshold, ladder, weight and criterion lives in this folder,
// is written into each snapshot (`rule_params`, `ref_*` tables) and is read by SQL from there.
//
// In SQL models:
//   param('leader_5y', 'limit_years')::int                       -- a number
//   param('rotation', 'approaching_months')::int
//   from_json(param('rotation', 'principal_positions'), '["VARCHAR"]')  -- a list
//   json_extract_string(param('x', 'y'), '$')                   -- a string
// `param` returns the value's JSON text. Reference tables are plain tables named ref_*.

export interface RuleParam {
  rule_id: string;
  param: string;
  /** Any JSON value. */
  value: unknown;
  /** Where it comes from: the law, the seed section, or "policy default". */
  source: string;
  /** Free text shown in the UI next to the value. */
  note?: string;
}

export type SqlType = 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN' | 'DATE';

export interface RefTable {
  name: `ref_${string}`;
  source: string;
  columns: Record<string, SqlType>;
  rows: Record<string, string | number | boolean | null>[];
}

export interface RuleModule {
  params: RuleParam[];
  tables?: RefTable[];
}
