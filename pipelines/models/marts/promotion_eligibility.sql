-- grain: one row per person in service holding a rank on a ladder at as_of
-- Counted time = time in the rank (or its equivalent) up to as_of, minus the days of each calendar year
-- graded below 称职 that fall in it; the current, not yet graded year counts. Each 优秀 year overlapping
-- the rank (up to the eligible date) shortens the requirement by param excellent_shortening_months. eligible_date is the
-- calendar date at which counted time reaches the requirement, given the grades known at as_of.
with settings as (
    select
        from_json(param('promotion', 'grades_not_counted'), '["VARCHAR"]') as grades_not_counted,
        from_json(param('promotion', 'grades_blocking'), '["VARCHAR"]') as grades_blocking,
        json_extract_string(param('promotion', 'excellent_grade'), '$') as excellent_grade,
        param('promotion', 'excellent_shortening_months')::int as shortening_months,
        param('promotion', 'soon_months')::int as soon_months,
        json_extract_string(param('promotion', 'annual_period'), '$') as annual_period
),

current_rank as (
    select h.*
    from int_rank_history as h
    join int_staff_current as s on s.staff_id = h.staff_id and s.in_service
    where h.valid_from <= as_of()
      and (h.valid_to is null or h.valid_to > as_of())
    qualify row_number() over (partition by h.staff_id order by h.valid_from desc, h.source_file desc, h.source_row desc) = 1
),

-- the period compared with a scalar: a filter in the scan, not a join of every appraisal to settings
annual as (
    select a.staff_id, a.year, a.grade
    from stg_appraisals as a
    where a.period = (select annual_period from settings)
      and a.year <= year(as_of())
),

-- annual grades of the calendar years overlapping the time in the rank
grades_in_rank as (
    select
        c.staff_id,
        a.year,
        a.grade,
        greatest(0, date_diff('day',
            greatest(c.rank_since, make_date(a.year, 1, 1)),
            least(as_of(), make_date(a.year + 1, 1, 1)))) as days_in_rank
    from current_rank as c
    join annual as a on a.staff_id = c.staff_id
    where make_date(a.year + 1, 1, 1) > c.rank_since
      and make_date(a.year, 1, 1) < as_of()
),

-- lists aggregated unordered, then sorted by year (an ordered list() sorts inside the aggregate, slower)
grade_lists as (
    select
        g.staff_id,
        coalesce(sum(g.days_in_rank) filter (where list_contains(s.grades_not_counted, g.grade)), 0)::int as deducted_days,
        coalesce(list({ 'year': g.year, 'label': g.year || '年' || g.grade }) filter (where list_contains(s.grades_not_counted, g.grade)), []) as deducted,
        coalesce(list(g.year) filter (where g.grade = s.excellent_grade), []) as excellent_years
    from grades_in_rank as g, settings as s
    group by g.staff_id
),

grade_effects as (
    select
        staff_id,
        deducted_days,
        list_transform(deducted, x -> x.year) as deducted_years,
        list_transform(deducted, x -> x.label) as deducted_labels,
        list_sort(excellent_years) as excellent_years
    from (select * replace (list_select(deducted, list_grade_up(list_transform(deducted, x -> x.year))) as deducted) from grade_lists)
),

last_grade as (
    select staff_id, year, grade
    from annual
    qualify row_number() over (partition by staff_id order by year desc) = 1
),

active_sanction as (
    select staff_id, sanction_date, kind, effect_end
    from int_sanctions
    where sanction_date <= as_of() and effect_end > as_of()
    qualify row_number() over (partition by staff_id order by effect_end desc, sanction_date desc) = 1
),

computed as (
    select
        c.staff_id,
        c.ladder,
        c.rank as current_rank,
        c.rank_since,
        n.rank as next_rank,
        n.years_to_reach,
        date_diff('day', c.rank_since, as_of()) as days_in_rank,
        coalesce(e.deducted_days, 0) as deducted_days,
        coalesce(e.deducted_years, []) as deducted_years,
        coalesce(e.deducted_labels, []) as deducted_labels,
        coalesce(e.excellent_years, []) as excellent_years_in_rank,
        n.years_to_reach * 12 as base_months,
        lg.year as last_grade_year,
        lg.grade as last_grade,
        coalesce(list_contains(s.grades_blocking, lg.grade), false) as grade_blocks,
        sa.kind as sanction_kind,
        sa.sanction_date,
        sa.effect_end as sanction_effect_end,
        s.soon_months,
        s.shortening_months,
        s.excellent_grade
    from current_rank as c
    cross join settings as s
    left join ref_rank_ladder as n on n.ladder = c.ladder and n.level = c.level - 1
    left join grade_effects as e on e.staff_id = c.staff_id
    left join last_grade as lg on lg.staff_id = c.staff_id
    left join active_sanction as sa on sa.staff_id = c.staff_id
),

-- A 优秀 year shortens the requirement only while it is still being served: the k-th 优秀 year (ascending)
-- counts when it starts before the eligible date shortened by the k-1 before it. Years ascend and that date
-- moves earlier, so the counting years are a prefix of the sorted list and a filter finds them.
-- (Not list_reduce: its lambda read another row's captured columns here, DuckDB 1.5.)
excellent_ranked as (
    select
        c.staff_id,
        x.year,
        x.k,
        make_date(x.year, 1, 1)
            < (c.rank_since + to_months(c.base_months - (x.k - 1) * c.shortening_months) + to_days(c.deducted_days))::date as counts
    from computed as c
    cross join unnest(c.excellent_years_in_rank) with ordinality as x(year, k)
    where c.next_rank is not null
),

excellent_counted as (
    select staff_id, list_sort(list(year) filter (where counts)) as excellent_years
    from excellent_ranked
    group by staff_id
),

with_requirement as (
    select
        c.* exclude (excellent_years_in_rank),
        coalesce(e.excellent_years, []) as excellent_years,
        (c.base_months - len(coalesce(e.excellent_years, [])) * c.shortening_months)::int as required_months
    from computed as c
    left join excellent_counted as e on e.staff_id = c.staff_id
),

dated as (
    select
        *,
        round(days_in_rank / 365.25, 2) as years_in_rank,
        round((days_in_rank - deducted_days) / 365.25, 2) as counted_years,
        required_months / 12.0 as required_years,
        (rank_since + to_months(required_months) + to_days(deducted_days))::date as eligible_date
    from with_requirement
),

statused as (
    select
        *,
        case
            when sanction_kind is not null or grade_blocks then 'blocked'
            when next_rank is null then 'not_yet'
            when eligible_date <= as_of() then 'eligible'
            when eligible_date <= (as_of() + to_months(soon_months))::date then 'soon'
            else 'not_yet'
        end as status,
        case
            when next_rank is null then 'top_rank'
            when eligible_date <= as_of() then 'rank_time_met'
            when eligible_date <= (as_of() + to_months(soon_months))::date then 'rank_time_soon'
            else 'rank_time_short'
        end as time_code
    from dated
)

select
    staff_id,
    ladder,
    current_rank,
    rank_since,
    next_rank,
    years_in_rank,
    counted_years,
    required_years,
    eligible_date,
    status,
    json_object(
        'codes', list_filter([
            time_code,
            case when sanction_kind is not null then 'sanction_in_effect' end,
            case when grade_blocks then 'last_grade_below_competent' end
        ], x -> x is not null),
        'checks', [
            json_object('check', 'rank_time', 'value', counted_years, 'required', required_years,
                'years_in_rank', years_in_rank, 'eligible_date', eligible_date,
                'outcome', case time_code when 'rank_time_met' then 'pass' when 'top_rank' then 'not_applicable' else 'fail' end),
            json_object('check', 'excellent_years', 'value', excellent_years, 'shortening_months', case when next_rank is not null then len(excellent_years) * shortening_months end,
                'outcome', 'info'),
            json_object('check', 'years_not_counted', 'value', deducted_years, 'days', deducted_days, 'outcome', 'info'),
            json_object('check', 'sanction', 'value', case when sanction_kind is not null then sanction_kind || ' ' || strftime(sanction_date, '%Y-%m-%d') end,
                'effect_end', sanction_effect_end, 'outcome', case when sanction_kind is null then 'pass' else 'fail' end),
            json_object('check', 'last_grade', 'value', case when last_grade is not null then last_grade_year || ' ' || last_grade end,
                'outcome', case when grade_blocks then 'fail' else 'pass' end)
        ],
        'text', concat_ws('；',
            '现任' || current_rank || '（' || strftime(rank_since, '%Y-%m-%d') || '起，已计任职' || printf('%.2f', counted_years) || '年）',
            case when next_rank is null then '已是本序列最高职级，无更高职级可晋升'
                 else '晋升' || next_rank || '需' || printf('%g', required_years) || '年'
                      || case when len(excellent_years) > 0 then '（含' || len(excellent_years) || '个' || excellent_grade || '年度缩短）' else '' end
                      || case time_code when 'rank_time_met' then '，已于' || strftime(eligible_date, '%Y-%m-%d') || '满足年限'
                                        else '，将于' || strftime(eligible_date, '%Y-%m-%d') || '满足年限' end
            end,
            case when len(deducted_years) > 0 then '年度考核' || array_to_string(deducted_labels, '、') || '，该年度任职时间不计' end,
            case when sanction_kind is not null then '受' || sanction_kind || '处分（' || strftime(sanction_date, '%Y-%m-%d') || '），处分期至' || strftime(sanction_effect_end - 1, '%Y-%m-%d') || '，期间不得晋升' end,
            case when grade_blocks then '最近一次年度考核（' || last_grade_year || '年）为' || last_grade || '，暂不晋升' end
        )
    ) as reasons
from statused
