-- grain: one row per person × model (competence / potential) × component: its input, 0–100 value and weight
-- rules.md §6. People profiled: in service at as_of, in the categories of profile.categories. A component
-- with no input at all (no appraisal yet, no rank record, no complete year in the force) has value null
-- and is left out of the model's weighted mean. "Complete years" are the calendar years before the as_of
-- year, from the year of join_date on.
with settings as (
    select
        from_json(param('profile', 'categories'), '["VARCHAR"]') as categories,
        json_extract_string(param('profile', 'no_unit_peer_group'), '$') as no_unit_peer_group,
        json_extract_string(param('promotion', 'annual_period'), '$') as annual_period,
        param('competence', 'weights') as competence_weights,
        from_json(param('competence', 'appraisal_recency_weights'), '["DOUBLE"]') as recency_weights,
        param('competence', 'cases_years')::int as cases_years,
        param('competence', 'awards_years')::int as awards_years,
        param('competence', 'award_points') as award_points,
        param('competence', 'sanction_points') as sanction_points,
        from_json(param('competence', 'zeroing_sanctions'), '["VARCHAR"]') as zeroing_sanctions,
        param('competence', 'training_years')::int as training_years,
        param('competence', 'experience_points') as experience_points,
        param('annual_hours', 'min_hours')::double as required_hours,
        param('potential', 'weights') as potential_weights,
        from_json(param('potential', 'age_points'), '[{"max_age": "INTEGER", "points": "DOUBLE"}]') as age_points,
        param('potential', 'education_points') as education_points,
        param('potential', 'major_bonus')::double as major_bonus,
        param('potential', 'trend_years')::int as trend_years,
        param('potential', 'trend_points') as trend_points,
        param('potential', 'learning_years')::int as learning_years,
        param('potential', 'learning_full_excess')::double as learning_full_excess,
        (select count(*) from stg_cases) > 0 as has_cases
),

people as (
    select
        cur.staff_id,
        coalesce(cur.unit_type, settings.no_unit_peer_group) as peer_group,
        cur.age,
        s.education,
        s.join_date,
        m.is_law,
        m.is_it,
        m.category as major_category
    from int_staff_current as cur
    join stg_staff as s using (staff_id)
    left join int_major_category as m using (staff_id)
    cross join settings
    where cur.in_service and list_contains(settings.categories, s.category)
),

-- graded annual appraisals, newest first (不定等次 carries no points and is skipped)
graded as (
    select
        a.staff_id,
        a.year,
        a.grade,
        g.points,
        g.grade_level,
        row_number() over (partition by a.staff_id order by a.year desc) as recency
    from stg_appraisals as a
    join ref_appraisal_grades as g on g.grade = a.grade and g.points is not null
    -- the period compared with a scalar: a filter in the scan, not a join of every appraisal to settings
    where a.period = (select annual_period from settings) and a.year <= year(as_of())
      -- only the people profiled: the components of anyone else are never read
      and a.staff_id in (select staff_id from people)
),

-- Lists in this model are aggregated unordered and then put in order by sorting their small keys
-- (list_grade_up): an ordered list() sorts every group's items inside the aggregate, several times slower
-- at national scale.
appraisal_items as (
    select
        g.staff_id,
        sum(g.points * settings.recency_weights[g.recency]) / sum(settings.recency_weights[g.recency]) as value,
        list({ 'year': g.year, 'grade': g.grade, 'points': g.points, 'weight': settings.recency_weights[g.recency] }) as items
    from graded as g
    cross join settings
    where g.recency <= len(settings.recency_weights)
    group by g.staff_id
),

appraisal as (
    select staff_id, value, to_json(list_select(items, list_grade_up(list_transform(items, x -> x.year), 'desc'))) as input
    from appraisal_items
),

case_means as (
    select
        p.staff_id,
        p.peer_group,
        coalesce(sum(c.cases_handled), 0)::double / any_value(settings.cases_years) as mean_yearly_cases
    from people as p
    cross join settings
    left join int_profile_cases as c
        on c.staff_id = p.staff_id
        and c.year between year(as_of()) - settings.cases_years and year(as_of()) - 1
    group by p.staff_id, p.peer_group
),

-- percentile rank among peers of the same unit type; ties share the middle of their range. Counted per
-- distinct mean (a few thousand) rather than by windows over every person: the same rank, much cheaper.
case_levels as (
    select
        peer_group,
        mean_yearly_cases,
        count(*) as tied,
        (sum(count(*)) over (partition by peer_group order by mean_yearly_cases) - count(*))::bigint as below,
        sum(count(*)) over (partition by peer_group)::bigint as peers
    from case_means
    group by peer_group, mean_yearly_cases
),

cases as (
    select
        cm.staff_id,
        case when settings.has_cases then
            100.0 * (l.below + 0.5 * l.tied) / l.peers
        end as value,
        to_json({ 'mean_yearly_cases': round(cm.mean_yearly_cases, 2), 'years': settings.cases_years, 'peer_group': cm.peer_group, 'peers': l.peers }) as input
    from case_means as cm
    cross join settings
    join case_levels as l using (peer_group, mean_yearly_cases)
),

award_events as (
    select
        a.staff_id,
        a.date,
        a.kind,
        coalesce((settings.award_points ->> a.kind)::double, -(settings.sanction_points ->> a.kind)::double) as points,
        list_contains(settings.zeroing_sanctions, a.kind) as zeroing
    from stg_awards as a
    cross join settings
    where a.date <= as_of() and a.date > (as_of() - to_years(settings.awards_years))::date
),

award_items as (
    select
        p.staff_id,
        case when coalesce(bool_or(e.zeroing), false) then 0
             else greatest(0, least(100, coalesce(sum(e.points), 0))) end as value,
        any_value(settings.awards_years) as years,
        coalesce(list({ 'date': e.date, 'kind': e.kind, 'points': e.points }) filter (where e.kind is not null), []) as items
    from people as p
    cross join settings
    left join award_events as e using (staff_id)
    group by p.staff_id
),

awards as (
    select
        staff_id,
        value,
        to_json({ 'years': years, 'events': list_select(items, list_grade_up(list_transform(items, x -> x.date))) }) as input
    from award_items
),

-- hours credited per person and calendar year, only the years the components look at: summed once per
-- year rather than joining every credit to the person-years
yearly_hours as (
    select t.staff_id, year(t.start_date) as year, sum(t.hours) as hours
    from int_training_credits as t
    where t.start_date >= make_date(year(as_of()) - (select greatest(training_years, learning_years) from settings), 1, 1)
      and t.start_date < make_date(year(as_of()), 1, 1)
    group by t.staff_id, year(t.start_date)
),

-- complete calendar years each person was in the force for, with the hours credited in them
training_years as (
    select
        p.staff_id,
        y.year,
        coalesce(sum(t.hours), 0) as hours
    from people as p
    cross join settings
    cross join lateral (
        select unnest(range(year(as_of()) - greatest(settings.training_years, settings.learning_years), year(as_of()))) as year
    ) as y
    left join yearly_hours as t on t.staff_id = p.staff_id and t.year = y.year
    where y.year >= year(p.join_date)
    group by p.staff_id, y.year
),

training_items as (
    select
        t.staff_id,
        100 * avg(least(t.hours / settings.required_hours, 1)) filter (where t.year >= year(as_of()) - settings.training_years) as value,
        100 * least(avg(greatest(t.hours / settings.required_hours - 1, 0)) filter (where t.year >= year(as_of()) - settings.learning_years)
            / settings.learning_full_excess, 1) as learning_value,
        any_value(settings.required_hours) as required_hours,
        list({ 'year': t.year, 'entry': (t.year::varchar, t.hours) }) as items
    from training_years as t
    cross join settings
    group by t.staff_id, settings.required_hours, settings.training_years, settings.learning_years, settings.learning_full_excess
),

training as (
    select
        staff_id,
        value,
        learning_value,
        to_json({
            'required_hours': required_hours,
            'hours_by_year': map_from_entries(list_transform(list_select(items, list_grade_up(list_transform(items, x -> x.year))), x -> x.entry))
        }) as input
    from training_items
),

squads as (
    select staff_id, count(distinct lineage_id) as squads
    from int_postings
    where unit_type = (select json_extract_string(param('competence', 'squad_unit_type'), '$'))
      and not is_loan and start_date <= as_of()
    group by staff_id
),

-- posting_id orders the postings by person and then start date (stg_postings numbers them so): one window
-- over everyone sorted by that integer, the row before counting only if it is the same person
moves as (
    select staff_id, count(*) filter (where district <> prev_district and prev_staff_id is not distinct from staff_id) as cross_district_moves
    from (
        select staff_id, district, lag(district) over w as prev_district, lag(staff_id) over w as prev_staff_id
        from int_postings
        where not is_loan and start_date <= as_of() and district is not null
        window w as (order by posting_id)
    )
    group by staff_id
),

experience as (
    select
        p.staff_id,
        least(100,
            (settings.experience_points ->> 'per_squad')::double * coalesce(sq.squads, 0)
            + (settings.experience_points ->> 'per_leadership_year')::double * coalesce(f.leadership_days, 0) / 365.25
            + (settings.experience_points ->> 'per_cross_district_move')::double * coalesce(mv.cross_district_moves, 0)
        ) as value,
        to_json({
            'squads': coalesce(sq.squads, 0),
            'leadership_years': round(coalesce(f.leadership_days, 0) / 365.25, 2),
            'cross_district_moves': coalesce(mv.cross_district_moves, 0)
        }) as input
    from people as p
    cross join settings
    left join squads as sq using (staff_id)
    left join moves as mv using (staff_id)
    left join int_pool_facts as f using (staff_id)
),

age as (
    select
        p.staff_id,
        (select a.points from (select unnest(settings.age_points) as a) where a.max_age is null or p.age <= a.max_age order by a.max_age nulls last limit 1) as value,
        to_json({ 'age': p.age }) as input
    from people as p
    cross join settings
    where p.age is not null
),

education as (
    select
        p.staff_id,
        least(100, coalesce((settings.education_points ->> e.band)::double, (settings.education_points ->> 'other')::double)
            + case when p.is_law or p.is_it then settings.major_bonus else 0 end) as value,
        to_json({ 'education': p.education, 'band': e.band, 'major_category': p.major_category }) as input
    from people as p
    cross join settings
    left join ref_education_levels as e on e.education = p.education
),

-- rank progress: the ladder minimum for the steps made, plus the time in the current rank up to the
-- next step's minimum, against the time actually elapsed since the first rank
ranks as (
    select
        h.*,
        h.level + case when h.ladder = 'enforcement' then 1 else 0 end as norm_level
    from int_rank_history as h
    where h.valid_from <= as_of()
      and h.staff_id in (select staff_id from people)
),

rank_path as (
    select
        staff_id,
        min(valid_from) as first_date,
        arg_min(norm_level, valid_from) as first_norm,
        arg_max(norm_level, valid_from) as current_norm,
        arg_max(ladder, valid_from) as ladder,
        arg_max(rank, valid_from) as current_rank,
        arg_max(rank_since, valid_from) as rank_since
    from ranks
    group by staff_id
),

growth as (
    select
        rp.staff_id,
        case
            when date_diff('day', rp.first_date, as_of()) = 0 then 100
            else 100 * least(1,
                (coalesce(steps.years, 0) * 365.25
                 + least(date_diff('day', rp.rank_since, as_of()), coalesce(nxt.years_to_reach * 365.25, date_diff('day', rp.rank_since, as_of()))))
                / date_diff('day', rp.first_date, as_of()))
        end as value,
        to_json({
            'first_rank_date': rp.first_date,
            'current_rank': rp.current_rank,
            'rank_since': rp.rank_since,
            'steps': rp.first_norm - rp.current_norm,
            'ladder_minimum_years': coalesce(steps.years, 0),
            'next_step_years': nxt.years_to_reach,
            'elapsed_years': round(date_diff('day', rp.first_date, as_of()) / 365.25, 2)
        }) as input
    from rank_path as rp
    left join lateral (
        select sum(l.years_to_reach) as years
        from ref_rank_ladder as l
        where l.ladder = rp.ladder
          and l.level + case when l.ladder = 'enforcement' then 1 else 0 end between rp.current_norm and rp.first_norm - 1
    ) as steps on true
    left join ref_rank_ladder as nxt
        on nxt.ladder = rp.ladder
        and nxt.level + case when nxt.ladder = 'enforcement' then 1 else 0 end = rp.current_norm - 1
),

trend_items as (
    select
        g.staff_id,
        case
            when bool_and(g.grade_level = max_level.top) then (any_value(settings.trend_points) ->> 'all_top')::double
            else greatest(0, least(100,
                (any_value(settings.trend_points) ->> 'base')::double
                + (any_value(settings.trend_points) ->> 'per_level')::double
                  * (arg_min(g.grade_level, g.recency) - arg_max(g.grade_level, g.recency))))
        end as value,
        list({ 'year': g.year, 'grade': g.grade }) as items
    from graded as g
    cross join settings
    cross join (select max(grade_level) as top from ref_appraisal_grades) as max_level
    where g.recency <= settings.trend_years
    group by g.staff_id
    having count(*) >= 2
),

trend as (
    select staff_id, value, to_json(list_select(items, list_grade_up(list_transform(items, x -> x.year)))) as input
    from trend_items
),

components as (
    select staff_id, 'competence' as model, 'appraisal' as component, value, input from appraisal
    union all select staff_id, 'competence', 'cases', value, input from cases
    union all select staff_id, 'competence', 'awards', value, input from awards
    union all select staff_id, 'competence', 'training', value, input from training
    union all select staff_id, 'competence', 'experience', value, input from experience
    union all select staff_id, 'potential', 'age', value, input from age
    union all select staff_id, 'potential', 'education', value, input from education
    union all select staff_id, 'potential', 'growth', value, input from growth
    union all select staff_id, 'potential', 'trend', value, input from trend
    union all select staff_id, 'potential', 'learning', learning_value, input from training
),

-- every person gets every component, with a null value where there was no input
grid as (
    select p.staff_id, p.peer_group, w.model, w.component, w.weight
    from people as p
    cross join (
        select 'competence' as model, unnest(json_keys(competence_weights)) as component, null::double as weight from settings
        union all
        select 'potential', unnest(json_keys(potential_weights)), null from settings
    ) as w
)

select
    g.staff_id,
    g.peer_group,
    g.model,
    g.component,
    case g.model
        when 'competence' then (settings.competence_weights ->> g.component)::double
        else (settings.potential_weights ->> g.component)::double
    end as weight,
    round(c.value, 2) as value,
    coalesce(c.input, '{}'::json) as input
from grid as g
cross join settings
left join components as c on c.staff_id = g.staff_id and c.model = g.model and c.component = g.component
