// What the CLI summary prints after the file table: each query returns rows of (label, value).
// One entry per domain; the queries read published marts only.
export interface SummaryQuery {
  section: string;
  sql: string;
}

export const summaryQueries: SummaryQuery[] = [
  // rotation
  {
    // Counts per rule and status, then exemption candidates and long loans; labels come from rule_params.
    section: '交流轮岗',
    sql: `with ids as (select from_json(value, '["VARCHAR"]') as ids from rule_params where rule_id = 'rotation' and param = 'rule_ids'),
      labels as (select value as status_labels from rule_params where rule_id = 'rotation' and param = 'status_labels'),
      loan_days as (select value as days from rule_params where rule_id = 'rotation' and param = 'long_loan_days'),
      rules as (
        select p.rule_id, json_extract_string(p.value, '$') as label, list_position(ids.ids, p.rule_id) as ord
        from rule_params as p cross join ids where p.param = 'label' and list_contains(ids.ids, p.rule_id)
      ),
      statuses as (select * from (values ('reached', 1), ('approaching', 2)) as s(status, ord)),
      lines as (
        select r.ord * 10 + s.ord as ord, r.label || '（' || json_extract_string(l.status_labels, '$.' || s.status) || '）' as label,
          (select count(*)::int from rotation_due as d where d.rule_id = r.rule_id and d.status = s.status) as value
        from rules as r cross join statuses as s cross join labels as l
        union all
        select 1000, '应交流名单中临近退休（可免于交流）', (select count(*)::int from rotation_due where exempt)
        union all
        select 1001, '长期外借（超过' || loan_days.days || '天，进行中）', (select count(*)::int from long_loans where is_open) from loan_days
        union all
        select 1002, '长期外借（超过' || loan_days.days || '天，已结束）', (select count(*)::int from long_loans where not is_open) from loan_days
      )
      select label, value from lines order by ord`,
  },
  // promotion & training
  // talent
];
