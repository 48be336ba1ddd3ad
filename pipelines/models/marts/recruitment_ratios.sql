-- grain: one row per year × district with recruits or a plan, plus one per year for the whole city (全市)
-- Recruits: staff entering through recruitment.channels, by the year of join_date, in the district of
-- their first 任职 posting (city-level units: recruitment.city_level_label). Law / IT from the major
-- catalogue (int_major_category). The plan of the whole city is its own row when the plans file has
-- one (district empty), else the sum of the district plans. Workforce legal share: at that year's end
-- (at as_of for the current year), from workforce_legal_share.
with settings as (
    select
        from_json(param('recruitment', 'channels'), '["VARCHAR"]') as channels,
        json_extract_string(param('recruitment', 'city_label'), '$') as city_label,
        json_extract_string(param('recruitment', 'city_level_label'), '$') as city_level_label
),

first_postings as (
    select p.staff_id, ud.district
    from int_postings as p
    left join int_structure_unit_district as ud on ud.unit_id = p.unit_id
    where not p.is_loan
    qualify row_number() over (partition by p.staff_id order by p.start_date, p.posting_id) = 1
),

recruits as (
    select
        year(s.join_date)::int as year,
        coalesce(fp.district, settings.city_level_label) as district,
        coalesce(m.is_law, false) as is_law,
        coalesce(m.is_it, false) as is_it
    from stg_staff as s
    cross join settings
    left join first_postings as fp using (staff_id)
    left join int_major_category as m using (staff_id)
    where list_contains(settings.channels, s.recruitment_channel)
      and s.join_date <= as_of()
),

counted as (
    select year, district, count(*)::int as recruits, count(*) filter (where is_law)::int as law, count(*) filter (where is_it)::int as it
    from recruits
    group by year, district
    union all
    select year, any_value(settings.city_label), count(*)::int, count(*) filter (where is_law)::int, count(*) filter (where is_it)::int
    from recruits cross join settings
    group by year
),

plans as (
    select p.year, coalesce(p.district, settings.city_label) as district, p.planned_total, p.planned_law, p.planned_it
    from stg_recruitment_plans as p
    cross join settings
    union all
    -- the city's plan as the sum of the districts', only where no whole-city row exists
    select p.year, any_value(settings.city_label), sum(p.planned_total)::int, sum(p.planned_law)::int, sum(p.planned_it)::int
    from stg_recruitment_plans as p
    cross join settings
    where p.district is not null
      and p.year not in (select year from stg_recruitment_plans where district is null)
    group by p.year
),

keys as (
    select year, district from counted
    union
    select year, district from plans
)

select
    k.year,
    k.district,
    coalesce(c.recruits, 0) as recruits,
    coalesce(c.law, 0) as law,
    coalesce(c.it, 0) as it,
    round(c.law / nullif(c.recruits, 0), 4) as law_share,
    round(c.it / nullif(c.recruits, 0), 4) as it_share,
    p.planned_total,
    p.planned_law,
    p.planned_it,
    w.headcount as workforce_headcount,
    w.legal as workforce_legal,
    w.legal_share as workforce_legal_share,
    k.district = settings.city_label as is_city
from keys as k
cross join settings
left join counted as c using (year, district)
left join plans as p using (year, district)
left join workforce_legal_share as w
    on w.district = k.district
    and w.as_of = case when k.year = year(as_of()) then as_of() else make_date(k.year, 12, 31) end
where k.year <= year(as_of())
