-- grain: one row per person in service × requirement × period at as_of (rules.md §4)
-- Status: met; gap while the period or deadline is still open (as_of <= deadline); overdue once it passed unmet.
-- The rolling requirements (five_year_hours, provincial_3y) count the window ending at as_of; their deadline
-- is the day the person has been subject to them for a whole window, so someone newly subject has a gap
-- until then and is overdue after. `period` is a stable key across refreshes (changes compares on it).
with settings as (
    select
        from_json(param('training', 'categories'), '["VARCHAR"]') as categories,
        param('training', 'history_years')::int as history_years,
        from_json(param('induction', 'channels'), '["VARCHAR"]') as induction_channels,
        json_extract_string(param('induction', 'category'), '$') as induction_category,
        param('induction', 'min_days')::double as induction_min_days,
        param('induction', 'min_hours')::double as induction_min_hours,
        param('induction', 'within_months')::int as induction_months,
        json_extract_string(param('appointment', 'category'), '$') as appointment_category,
        param('appointment', 'min_days')::double as appointment_min_days,
        param('appointment', 'within_months')::int as appointment_months,
        from_json(param('appointment', 'leadership_levels'), '["VARCHAR"]') as leadership_levels,
        from_json(param('appointment', 'leadership_positions'), '["VARCHAR"]') as leadership_positions,
        param('annual_hours', 'min_hours')::double as annual_min_hours,
        param('annual_hours', 'closed_years')::int as annual_closed_years,
        param('five_year_hours', 'min_hours')::double as five_min_hours,
        param('five_year_hours', 'window_years')::int as five_window_years,
        from_json(param('provincial_3y', 'leadership_levels'), '["VARCHAR"]') as provincial_levels,
        from_json(param('provincial_3y', 'organizer_levels'), '["VARCHAR"]') as provincial_organizers,
        param('provincial_3y', 'window_years')::int as provincial_window_years,
        param('provincial_3y', 'min_courses')::double as provincial_min_courses
),

people as (
    select s.staff_id, s.join_date, s.recruitment_channel
    from stg_staff as s
    join int_staff_current as c on c.staff_id = s.staff_id and c.in_service
    cross join settings as st
    where list_contains(st.categories, s.category)
      and s.join_date <= as_of()
),

-- the rank level that bounds annual_hours (it and below) and five_year_hours (it and above), per ladder
rank_bounds as (
    select
        l.ladder,
        max(l.level) filter (where l.rank = (param('annual_hours', 'highest_rank')::json ->> l.ladder)) as annual_from_level,
        max(l.level) filter (where l.rank = (param('five_year_hours', 'lowest_rank')::json ->> l.ladder)) as five_to_level
    from ref_rank_ladder as l
    group by l.ladder
),

-- 1. induction: recruits, 初任培训 within within_months of join_date
induction as (
    select
        p.staff_id,
        'induction' as requirement_id,
        p.join_date as period_start,
        (p.join_date + to_months(st.induction_months))::date as deadline,
        p.join_date as window_from,
        (p.join_date + to_months(st.induction_months))::date as window_to,
        st.induction_min_days as required,
        st.induction_min_hours as alt_min_hours,
        '天' as unit,
        st.induction_category as course_category,
        null::varchar[] as organizers,
        st.induction_category || '：进入系统（' || strftime(p.join_date, '%Y-%m-%d') || '）后' || st.induction_months || '个月内不少于'
            || printf('%g', st.induction_min_days) || '天或' || printf('%g', st.induction_min_hours) || '学时' as required_text
    from people as p
    cross join settings as st
    where list_contains(st.induction_channels, p.recruitment_channel)
      and (p.join_date + to_months(st.induction_months))::date >= (as_of() - to_years(st.history_years))::date
),

-- 2. appointment: 任职培训 within within_months of taking a leadership post (a leadership posting whose
-- previous posting was not one, or was one of a lower level)
postings_ranked as (
    select
        p.staff_id,
        p.posting_id,
        p.unit_name,
        p.position,
        p.start_date,
        p.leadership_level,
        coalesce(p.is_principal, false)
            or list_contains(st.leadership_positions, p.position)
            or coalesce(list_contains(st.leadership_levels, p.leadership_level), false) as is_leadership,
        coalesce(list_position(st.leadership_levels, p.leadership_level), len(st.leadership_levels) + 1) as level_order
    from int_postings as p
    cross join settings as st
    where not p.is_loan
      and p.start_date <= as_of()
),

appointments as (
    select *
    from (
        select
            *,
            lag(staff_id) over w as prev_staff_id,
            lag(is_leadership) over w as prev_is_leadership,
            lag(level_order) over w as prev_level_order
        from postings_ranked
        -- posting_id orders the postings by person and then start date (stg_postings numbers them so): one
        -- window over everyone sorted by that integer, the previous row counting only if it is the same person
        window w as (order by posting_id)
    )
    where is_leadership
      and (prev_staff_id is distinct from staff_id or not coalesce(prev_is_leadership, false) or prev_level_order > level_order)
),

appointment as (
    select
        a.staff_id,
        'appointment' as requirement_id,
        a.start_date as period_start,
        (a.start_date + to_months(st.appointment_months))::date as deadline,
        a.start_date as window_from,
        (a.start_date + to_months(st.appointment_months))::date as window_to,
        st.appointment_min_days as required,
        null::double as alt_min_hours,
        '天' as unit,
        st.appointment_category as course_category,
        null::varchar[] as organizers,
        st.appointment_category || '：担任' || coalesce(a.unit_name, '') || a.position || '（' || strftime(a.start_date, '%Y-%m-%d') || '）后'
            || st.appointment_months || '个月内不少于' || printf('%g', st.appointment_min_days) || '天' as required_text
    from appointments as a
    join people as p on p.staff_id = a.staff_id
    cross join settings as st
    where (a.start_date + to_months(st.appointment_months))::date >= (as_of() - to_years(st.history_years))::date
),

-- 3. annual_hours: the open year and closed_years before it, for ranks at or below the bound (rank held at
-- the year's end, or at as_of in the open year); the year of joining is covered by induction instead
annual_years as (
    select p.staff_id, p.join_date, unnest(range(year(as_of()) - st.annual_closed_years, year(as_of()) + 1)) as year
    from people as p
    cross join settings as st
),

annual as (
    select
        y.staff_id,
        'annual_hours' as requirement_id,
        make_date(y.year, 1, 1) as period_start,
        make_date(y.year, 12, 31) as deadline,
        make_date(y.year, 1, 1) as window_from,
        make_date(y.year, 12, 31) as window_to,
        st.annual_min_hours as required,
        null::double as alt_min_hours,
        '学时' as unit,
        null::varchar as course_category,
        null::varchar[] as organizers,
        y.year || '年度培训不少于' || printf('%g', st.annual_min_hours) || '学时（' || h.rank || '）' as required_text
    from annual_years as y
    cross join settings as st
    join int_rank_history as h
        on h.staff_id = y.staff_id
        and h.valid_from <= least(make_date(y.year, 12, 31), as_of())
        and (h.valid_to is null or h.valid_to > least(make_date(y.year, 12, 31), as_of()))
    join rank_bounds as b on b.ladder = h.ladder and h.level >= b.annual_from_level
    where y.join_date <= make_date(y.year, 1, 1)
),

-- 4. five_year_hours: ranks at or above the bound, hours over the rolling window ending at as_of;
-- subject since the start of the latest unbroken run of such ranks
rank_cover as (
    select h.staff_id, h.rank, h.valid_from, h.valid_to, h.level <= b.five_to_level as covered
    from int_rank_history as h
    join rank_bounds as b on b.ladder = h.ladder
    where h.valid_from <= as_of()
),

-- 5. provincial_3y: 正处/副处 leaders, a course by a 省级 (or higher) organiser in the rolling window
leader_postings as (
    select
        p.staff_id,
        p.start_date,
        p.end_date,
        p.leadership_level,
        coalesce(list_contains(st.provincial_levels, p.leadership_level), false) as covered
    from int_postings as p
    cross join settings as st
    where not p.is_loan and p.start_date <= as_of()
),

-- the few holding a covered post now (the only ones provincial_people reads)
leader_current as (
    select distinct staff_id
    from leader_postings
    where covered and (end_date is null or end_date >= as_of())
),

-- Since when a person covered now has been covered without a break, for both rules: the first covered
-- start after the latest uncovered one (rank records for five_year, postings for provincial_3y). Only for
-- those covered now (the only ones read), by group-bys joined back rather than a window over every record.
cover_spans as (
    select 'rank' as kind, staff_id, valid_from as start_date, covered
    from rank_cover
    where staff_id in (select staff_id from rank_cover where covered and (valid_to is null or valid_to > as_of()))
    union all
    select 'leader' as kind, staff_id, start_date, covered
    from leader_postings
    where staff_id in (select staff_id from leader_current)
),

covered_since as (
    select
        s.kind,
        s.staff_id,
        min(s.start_date) filter (where s.covered and (u.last_uncovered is null or s.start_date > u.last_uncovered)) as covered_since
    from cover_spans as s
    join (
        select kind, staff_id, max(start_date) filter (where not covered) as last_uncovered
        from cover_spans
        group by kind, staff_id
    ) as u using (kind, staff_id)
    group by s.kind, s.staff_id
),

-- 4. (continued) five_year_hours of those holding a covered rank now
five_year as (
    select
        cur.staff_id,
        'five_year_hours' as requirement_id,
        (as_of() - to_years(st.five_window_years) + to_days(1))::date as period_start,
        (cs.covered_since + to_years(st.five_window_years))::date as deadline,
        (as_of() - to_years(st.five_window_years) + to_days(1))::date as window_from,
        as_of() as window_to,
        st.five_min_hours as required,
        null::double as alt_min_hours,
        '学时' as unit,
        null::varchar as course_category,
        null::varchar[] as organizers,
        '近' || st.five_window_years || '年累计培训不少于' || printf('%g', st.five_min_hours) || '学时（' || cur.rank
            || '，自' || strftime(cs.covered_since, '%Y-%m-%d') || '起适用）' as required_text
    from rank_cover as cur
    join people as p on p.staff_id = cur.staff_id
    join covered_since as cs on cs.staff_id = cur.staff_id and cs.kind = 'rank'
    cross join settings as st
    where cur.covered and (cur.valid_to is null or cur.valid_to > as_of())
),

-- 5. (continued) provincial_3y of those holding a covered post now
provincial_people as (
    select cur.staff_id, max(cur.leadership_level) as leadership_level, any_value(ls.covered_since) as covered_since
    from leader_postings as cur
    join people as p on p.staff_id = cur.staff_id
    join covered_since as ls on ls.staff_id = cur.staff_id and ls.kind = 'leader'
    where cur.covered and (cur.end_date is null or cur.end_date >= as_of())
    group by cur.staff_id
),

provincial as (
    select
        f.staff_id,
        'provincial_3y' as requirement_id,
        (as_of() - to_years(st.provincial_window_years) + to_days(1))::date as period_start,
        (f.covered_since + to_years(st.provincial_window_years))::date as deadline,
        (as_of() - to_years(st.provincial_window_years) + to_days(1))::date as window_from,
        as_of() as window_to,
        st.provincial_min_courses as required,
        null::double as alt_min_hours,
        '次' as unit,
        null::varchar as course_category,
        st.provincial_organizers as organizers,
        '每' || st.provincial_window_years || '年至少参加' || printf('%g', st.provincial_min_courses) || '次' || array_to_string(st.provincial_organizers, '或') || '主办的培训（'
            || f.leadership_level || '，自' || strftime(f.covered_since, '%Y-%m-%d') || '起适用）' as required_text
    from provincial_people as f
    cross join settings as st
),

requirements as materialized (
    select row_number() over () as requirement_row, *
    from (
        select * from induction
        union all by name select * from appointment
        union all by name select * from annual
        union all by name select * from five_year
        union all by name select * from provincial
    )
),

-- Joined on person and window only; the category/organiser match is a filter on the aggregate, because an
-- OR inside the join condition makes DuckDB fall back to a nested-loop join (20 s instead of 1 s at city scale).
candidate_credits as (
    select
        r.requirement_row,
        c.course,
        c.start_date,
        c.days,
        c.hours,
        coalesce(
            (r.course_category is null or c.category = r.course_category)
            and (r.organizers is null or list_contains(r.organizers, c.organizer_level)),
            false
        ) as counts
    from requirements as r
    left join int_training_credits as c
        on c.staff_id = r.staff_id
        and c.start_date between r.window_from and r.window_to
),

-- the course list is aggregated unordered and then sorted by its (start_date, course) keys: an ordered
-- list() sorts inside the aggregate, per group, several times slower at national scale
credited_items as (
    select
        requirement_row,
        coalesce(sum(days) filter (where counts), 0) as days,
        coalesce(sum(hours) filter (where counts), 0) as hours,
        count(*) filter (where counts) as courses_count,
        coalesce(list({ 'start_date': start_date, 'course': course }) filter (where counts and course is not null), []) as items
    from candidate_credits
    group by requirement_row
),

credited as (
    select
        requirement_row,
        days,
        hours,
        courses_count,
        list_transform(list_select(items, list_grade_up(items)), x -> x.course) as courses
    from credited_items
),

measured as (
    select
        r.*,
        c.days,
        c.hours,
        c.courses,
        case r.unit when '天' then c.days when '学时' then c.hours else c.courses_count end as done
    from requirements as r
    join credited as c using (requirement_row)
),

judged as (
    select
        *,
        done >= required or (alt_min_hours is not null and hours >= alt_min_hours) as is_met
    from measured
)

select
    staff_id,
    requirement_id,
    case
        when requirement_id = 'annual_hours' then year(period_start)::varchar
        when requirement_id in ('five_year_hours', 'provincial_3y') then 'rolling_' || date_diff('year', window_from, window_to + 1) || 'y'
        else strftime(period_start, '%Y-%m-%d')
    end as period,
    period_start,
    deadline,
    required,
    round(done, 1) as done,
    unit,
    case when is_met then 'met' when as_of() <= deadline then 'gap' else 'overdue' end as status,
    courses,
    required_text || '；已完成'
        || case unit when '次' then done::int || '次' when '学时' then printf('%g', round(hours, 1)) || '学时' else printf('%g', round(days, 1)) || '天/' || printf('%g', round(hours, 1)) || '学时' end
        || case when len(courses) > 0 then '（' || array_to_string(courses, '、') || '）' else '' end
        || case
            when is_met then '，已达标'
            when as_of() <= deadline then '，尚未达标，截止' || strftime(deadline, '%Y-%m-%d')
            else '，未达标，已于' || strftime(deadline, '%Y-%m-%d') || '逾期'
        end as detail
from judged
-- without any training records (no training file) the mart is published empty, as the contract says,
-- rather than reporting everyone as short
where exists (select 1 from stg_training)
