-- grain: one row per person × pool × criterion of ref_pool_criteria: the criterion's value, threshold and pass
-- Every criterion of rules.md §5 is computed below; only those listed in ref_pool_criteria are kept,
-- with the stage (entry / stay / both) at which the mart checks them.
with settings as (
    select
        json_extract_string(param('pools', 'min_grade'), '$') as min_grade,
        json_extract_string(param('pools', 'excellent_grade'), '$') as excellent_grade,
        param('pool_youth', 'max_age')::int as youth_max_age,
        from_json(param('pool_youth', 'educations'), '["VARCHAR"]') as youth_educations,
        param('pool_youth', 'grade_years')::int as youth_grade_years,
        from_json(param('pool_enforcement', 'categories'), '["VARCHAR"]') as enforcement_categories,
        param('pool_enforcement', 'min_years_in_force')::int as min_years_in_force,
        param('pool_enforcement', 'cases_top_share')::double as cases_top_share,
        param('pool_enforcement', 'grade_years')::int as enforcement_grade_years,
        from_json(param('pool_management', 'political_statuses'), '["VARCHAR"]') as political_statuses,
        param('pool_management', 'min_leadership_years')::int as min_leadership_years,
        param('pool_management', 'grade_years')::int as management_grade_years
),

min_level as (
    select g.grade_level as min_level
    from ref_appraisal_grades as g, settings
    where g.grade = settings.min_grade
),

pool_grades as (
    select
        f.staff_id,
        pool,
        f.grades[1:n] as recent,
        n
    from int_pool_facts as f
    cross join settings
    cross join (
        select 'youth' as pool, youth_grade_years as n from settings
        union all select 'enforcement', enforcement_grade_years from settings
        union all select 'management', management_grade_years from settings
    )
),

-- each grade of the recent list looked up in the grade table by position (a grade missing from it has no
-- level and is not the excellent grade), with list aggregates: no unnest, join and group-by of every grade
grade_table as (
    select list(grade order by grade) as grades, list(grade_level order by grade) as levels
    from ref_appraisal_grades
),

grade_checks as (
    select
        pg.staff_id,
        pg.pool,
        pg.recent,
        pg.n,
        -- not yet graded (不定等次) is neither at least 称职 nor below it
        len(pg.recent) = pg.n
            and coalesce(list_bool_and(list_transform(pg.recent, x -> coalesce(gt.levels[list_position(gt.grades, x)] >= ml.min_level, false))), false) as all_min,
        coalesce(list_bool_or(list_transform(pg.recent, x -> x = settings.excellent_grade and list_contains(gt.grades, x))), false) as any_excellent,
        not coalesce(list_bool_or(list_transform(pg.recent, x -> gt.levels[list_position(gt.grades, x)] < ml.min_level)), false) as none_below
    from pool_grades as pg
    cross join settings
    cross join min_level as ml
    cross join grade_table as gt
),

checks as (
    -- shared by the three pools
    select f.staff_id, p.pool, 'in_service' as criterion, to_json(f.in_service) as value, to_json(true) as threshold, f.in_service as pass
    from int_pool_facts as f
    cross join (values ('youth'), ('enforcement'), ('management')) as p(pool)

    union all
    select f.staff_id, p.pool, 'no_sanction', to_json(f.sanctions_in_effect), to_json([]::varchar[]), len(f.sanctions_in_effect) = 0
    from int_pool_facts as f
    cross join (values ('youth'), ('enforcement'), ('management')) as p(pool)

    union all
    select staff_id, pool, 'grades', to_json(recent), to_json({ 'years': n, 'min_grade': settings.min_grade }), all_min
    from grade_checks cross join settings

    union all
    select staff_id, pool, 'excellent', to_json(recent), to_json({ 'years': n, 'grade': settings.excellent_grade }), any_excellent
    from grade_checks cross join settings

    union all
    select staff_id, pool, 'no_low_grade', to_json(recent), to_json({ 'years': n, 'min_grade': settings.min_grade }), none_below
    from grade_checks cross join settings

    -- youth
    union all
    select f.staff_id, 'youth', 'age', to_json(f.age), to_json(s.youth_max_age), coalesce(f.age <= s.youth_max_age, false)
    from int_pool_facts as f cross join settings as s

    union all
    select f.staff_id, 'youth', 'education', to_json(f.education), to_json(s.youth_educations), coalesce(list_contains(s.youth_educations, f.education), false)
    from int_pool_facts as f cross join settings as s

    -- enforcement
    union all
    select f.staff_id, 'enforcement', 'category', to_json(f.category), to_json(s.enforcement_categories), coalesce(list_contains(s.enforcement_categories, f.category), false)
    from int_pool_facts as f cross join settings as s

    union all
    select
        f.staff_id, 'enforcement', 'years_in_force',
        to_json({ 'join_date': f.join_date, 'years': date_diff('year', f.join_date, as_of())
            - case when (f.join_date + to_years(date_diff('year', f.join_date, as_of())))::date > as_of() then 1 else 0 end }),
        to_json(s.min_years_in_force),
        coalesce((f.join_date + to_years(s.min_years_in_force))::date <= as_of(), false)
    from int_pool_facts as f cross join settings as s

    union all
    select
        f.staff_id, 'enforcement', 'specialism',
        to_json({
            'law_major': f.law_major,
            'legal_qualification': f.legal_qualification,
            'mean_yearly_cases': f.mean_yearly_cases,
            'cases_top_share': round(f.cases_top_share, 4),
            'cases_peers': f.cases_peers,
            'legal_positions': f.legal_positions_held
        }),
        to_json({ 'cases_top_share': s.cases_top_share }),
        f.law_major or f.legal_qualification
            or coalesce(f.mean_yearly_cases > 0 and f.cases_top_share <= s.cases_top_share, false)
            or f.legal_positions_held is not null
    from int_pool_facts as f cross join settings as s

    -- management
    union all
    select f.staff_id, 'management', 'party', to_json(f.political_status), to_json(s.political_statuses), coalesce(list_contains(s.political_statuses, f.political_status), false)
    from int_pool_facts as f cross join settings as s

    union all
    -- N years = the days from as_of minus N years to as_of, so one continuous post passes on its anniversary
    select
        f.staff_id, 'management', 'leadership_years',
        to_json({ 'days': f.leadership_days, 'years': round(f.leadership_days / 365.25, 2) }),
        to_json(s.min_leadership_years),
        f.leadership_days >= date_diff('day', (as_of() - to_years(s.min_leadership_years))::date, as_of())
    from int_pool_facts as f cross join settings as s
)

select
    c.staff_id,
    c.pool,
    c.criterion,
    r.label,
    r.stage,
    r.criterion_order,
    c.value::varchar as value,
    c.threshold::varchar as threshold,
    c.pass
from checks as c
join ref_pool_criteria as r on r.pool = c.pool and r.criterion = c.criterion
