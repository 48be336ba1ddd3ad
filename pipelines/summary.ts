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
  {
    // Count and share of each status among ranked staff in service; labels come from rule_params.
    section: '职级晋升',
    sql: `with labels as (select value as l from rule_params where rule_id = 'promotion' and param = 'status_labels'),
      statuses as (select * from (values ('eligible', 1), ('soon', 2), ('not_yet', 3), ('blocked', 4)) as s(status, ord)),
      total as (select count(*) as n from promotion_eligibility)
      select json_extract_string(labels.l, '$.' || s.status) as label,
        (select count(*) from promotion_eligibility as p where p.status = s.status)::int || '（'
          || printf('%.1f', 100.0 * (select count(*) from promotion_eligibility as p where p.status = s.status) / greatest(total.n, 1)) || '%）' as value
      from statuses as s cross join labels cross join total
      order by s.ord`,
  },
  {
    // Per requirement: people checked, met / gap / overdue and the share met.
    section: '培训达标',
    sql: `with labels as (select value as l from rule_params where rule_id = 'training' and param = 'requirement_labels'),
      reqs as (select * from (values ('induction', 1), ('appointment', 2), ('annual_hours', 3), ('five_year_hours', 4), ('provincial_3y', 5)) as r(requirement_id, ord)),
      counts as (
        select r.requirement_id, r.ord,
          count(t.status)::int as n,
          count(*) filter (where t.status = 'met')::int as met,
          count(*) filter (where t.status = 'gap')::int as gap,
          count(*) filter (where t.status = 'overdue')::int as overdue
        from reqs as r left join training_compliance as t using (requirement_id)
        group by all
      )
      select json_extract_string(labels.l, '$.' || c.requirement_id) || '（达标/期内未达标/逾期）' as label,
        c.met || ' / ' || c.gap || ' / ' || c.overdue || '（达标率 ' || printf('%.1f', 100.0 * c.met / greatest(c.n, 1)) || '%）' as value
      from counts as c cross join labels
      order by c.ord`,
  },
  {
    // What changed since the previous published snapshot, by kind of change.
    section: '较上次刷新的变化',
    // The total comes first and is always printed (0 on the first refresh, which has nothing to compare).
    sql: `with labels as (select value as l from rule_params where rule_id = 'changes' and param = 'labels'),
      lines as (
        select 0 as ord, '合计' as label, (select count(*)::int from changes) as value
        union all
        select 1, case domain when 'rotation' then '交流轮岗：' when 'promotion' then '职级晋升：' else '培训：' end
            || coalesce(json_extract_string(labels.l, '$.' || change), change),
          count(*)::int
        from changes cross join labels
        group by all
      )
      select label, value from lines order by ord, label`,
  },
  // talent
  {
    // Proposed pool actions per pool; labels come from rule_params.
    section: '人才库',
    sql: `with labels as (select value as l from rule_params where rule_id = 'pools' and param = 'labels'),
      pools as (select * from (values ('management', 1), ('enforcement', 2), ('youth', 3)) as p(pool, ord))
      select json_extract_string(labels.l, '$.' || p.pool) || '（拟入库/在库/拟出库）' as label,
        count(*) filter (where c.action = 'enter')::int || ' / ' || count(*) filter (where c.action = 'stay')::int
          || ' / ' || count(*) filter (where c.action = 'exit')::int as value
      from pools as p cross join labels left join talent_pool_candidates as c using (pool)
      group by p.pool, p.ord, labels.l
      order by p.ord`,
  },
  {
    // Score spreads (10th / 50th / 90th percentile) and the 9-box distribution.
    section: '人员画像',
    sql: `select '已评价人数' as label, count(*)::varchar as value, 1 as ord from profile_scores
      union all
      select '能力得分 P10 / P50 / P90', printf('%.1f / %.1f / %.1f', quantile_cont(competence, 0.1), quantile_cont(competence, 0.5), quantile_cont(competence, 0.9)), 2 from profile_scores
      union all
      select '潜力得分 P10 / P50 / P90', printf('%.1f / %.1f / %.1f', quantile_cont(potential, 0.1), quantile_cont(potential, 0.5), quantile_cont(potential, 0.9)), 3 from profile_scores
      union all
      select '九宫格 1–9 格人数', coalesce(string_agg(n::varchar, ' / ' order by box), ''), 4
      from (select b.box, count(p.staff_id) as n from range(1, 10) as b(box) left join profile_scores as p using (box) group by b.box)
      order by ord`,
  },
  {
    // Latest recruitment year city-wide, the workforce legal share at as_of, and what the catalogue missed.
    section: '结构与招录',
    sql: `with city as (select json_extract_string(value, '$') as c from rule_params where rule_id = 'recruitment' and param = 'city_label'),
      run_year as (select year(max(as_of)) as y from workforce_legal_share where is_run_as_of),
      -- the last complete year: the as_of year is still under way
      latest as (
        select r.* from recruitment_ratios as r, city, run_year
        where r.district = city.c and r.recruits > 0
        order by (r.year < run_year.y) desc, r.year desc limit 1
      )
      select '最近完整招录年度（' || year || '）招录 / 法学类 / 信息技术类' as label,
        recruits || ' / ' || law || '（' || printf('%.1f', 100 * coalesce(law_share, 0)) || '%） / ' || it || '（' || printf('%.1f', 100 * coalesce(it_share, 0)) || '%）' as value, 1 as ord
      from latest
      union all
      select '统计日队伍法律专业背景占比', legal || ' / ' || headcount || '（' || printf('%.1f', 100 * coalesce(legal_share, 0)) || '%）', 2
      from workforce_legal_share, city where is_run_as_of and district = city.c
      union all
      select '未匹配专业目录的专业名称（人数）', count(*)::varchar || '（' || coalesce(sum(people), 0)::varchar || '）', 3 from unmatched_majors
      union all
      select '结构分析行数（单位×维度×分档×日期）', count(*)::varchar, 4 from structure_facts
      order by ord`,
  },
];
