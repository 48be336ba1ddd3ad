-- grain: one row per person in service at as_of (pools.excluded_categories aside) or currently confirmed in a talent pool:
-- every input the pool criteria read
with settings as (
    select
        json_extract_string(param('promotion', 'annual_period'), '$') as annual_period,
        param('pool_enforcement', 'cases_years')::int as cases_years,
        json_extract_string(param('pool_enforcement', 'cases_peer_unit_type'), '$') as cases_peer_unit_type,
        from_json(param('pool_enforcement', 'legal_positions'), '["VARCHAR"]') as legal_positions,
        from_json(param('pool_management', 'deputy_positions'), '["VARCHAR"]') as deputy_positions,
        from_json(param('pool_management', 'leadership_levels'), '["VARCHAR"]') as leadership_levels,
        from_json(param('pools', 'excluded_categories'), '["VARCHAR"]') as excluded_categories
),

eligible as (
    select cur.*
    from int_staff_current as cur
    join stg_staff as s using (staff_id)
    cross join settings
    where cur.in_service and not list_contains(settings.excluded_categories, s.category)
),

population as (
    select staff_id from eligible
    union
    select staff_id from tmp_pool_members
),

-- annual grades newest first, the current year included when it is already graded
-- (aggregated unordered, then sorted by year: an ordered list() sorts inside the aggregate, much slower)
graded_years as (
    select
        a.staff_id,
        list({ 'year': a.year, 'grade': a.grade }) as items
    from stg_appraisals as a
    -- the period compared with a scalar: a filter in the scan, not a join of every appraisal to settings
    where a.period = (select annual_period from settings)
      and a.year <= year(as_of())
      -- only the population's lists are read: skip building them for everyone else
      and a.staff_id in (select staff_id from population)
    group by a.staff_id
),

grades as (
    select
        staff_id,
        list_transform(sorted, x -> x.grade) as grades,
        list_transform(sorted, x -> x.year) as grade_years
    from (select staff_id, list_select(items, list_grade_up(list_transform(items, x -> x.year), 'desc')) as sorted from graded_years)
),

sanctions as (
    select
        staff_id,
        list(struct_pack(kind, sanction_date, effect_end) order by sanction_date) as sanctions_in_effect
    from int_sanctions
    where sanction_date <= as_of() and effect_end > as_of()
    group by staff_id
),

-- complete calendar years before the as_of year
case_years as (
    select
        c.staff_id,
        sum(c.cases_handled)::double / any_value(settings.cases_years) as mean_yearly_cases
    from int_profile_cases as c
    cross join settings
    where c.year between year(as_of()) - settings.cases_years and year(as_of()) - 1
    group by c.staff_id
),

-- squad staff in service: ranked by mean yearly cases, 0 for those without any record
case_peers as (
    select
        cur.staff_id,
        coalesce(cy.mean_yearly_cases, 0) as mean_yearly_cases,
        -- share of squad staff at or above this person's figure: 0.2 = within the top 20 %
        cume_dist() over (order by coalesce(cy.mean_yearly_cases, 0) desc) as cases_top_share,
        count(*) over () as cases_peers
    from eligible as cur
    cross join settings
    left join case_years as cy using (staff_id)
    where cur.unit_type = settings.cases_peer_unit_type
),

legal_postings as (
    select p.staff_id, list(distinct p.position) as legal_positions_held
    from int_postings as p
    cross join settings
    where list_contains(settings.legal_positions, p.position)
      and not p.is_loan
      and p.start_date <= as_of()
    group by p.staff_id
),

leadership as (
    select
        p.staff_id,
        p.start_date,
        least(coalesce(p.end_date, as_of()), as_of()) as end_date
    from int_postings as p
    cross join settings
    where p.start_date <= as_of()
      and (p.is_principal
           or list_contains(settings.deputy_positions, p.position)
           or list_contains(settings.leadership_levels, p.leadership_level))
),

-- overlapping leadership postings count once: merge them into islands first
leadership_islands as (
    select
        *,
        sum(case when start_date <= prev_end then 0 else 1 end) over (partition by staff_id order by start_date, end_date rows unbounded preceding) as island
    from (
        select *, max(end_date) over (partition by staff_id order by start_date, end_date rows between unbounded preceding and 1 preceding) as prev_end
        from leadership
    )
),

leadership_years as (
    select staff_id, sum(days)::int as leadership_days
    from (
        select staff_id, island, date_diff('day', min(start_date), max(end_date)) as days
        from leadership_islands
        group by staff_id, island
    )
    group by staff_id
)

select
    p.staff_id,
    coalesce(cur.in_service, false) as in_service,
    s.staff_id is not null as known,
    cur.age,
    s.category,
    s.education,
    s.political_status,
    s.join_date,
    coalesce(s.legal_qualification, false) as legal_qualification,
    coalesce(m.is_law, false) as law_major,
    cur.unit_type,
    coalesce(g.grades, []) as grades,
    coalesce(g.grade_years, []) as grade_years,
    coalesce(sn.sanctions_in_effect, []) as sanctions_in_effect,
    cp.mean_yearly_cases,
    cp.cases_top_share,
    cp.cases_peers,
    lp.legal_positions_held,
    coalesce(ly.leadership_days, 0) as leadership_days
from population as p
left join stg_staff as s using (staff_id)
left join int_staff_current as cur using (staff_id)
left join int_major_category as m using (staff_id)
left join grades as g using (staff_id)
left join sanctions as sn using (staff_id)
left join case_peers as cp using (staff_id)
left join legal_postings as lp using (staff_id)
left join leadership_years as ly using (staff_id)
