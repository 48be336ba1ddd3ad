-- grain: one row per snapshot date (as_of and each past year end) × district, plus the whole city:
-- the share of the force with a legal background (law major or 法律职业资格), rules.md §7
with settings as (
    select
        json_extract_string(param('recruitment', 'city_label'), '$') as city_label,
        json_extract_string(param('recruitment', 'city_level_label'), '$') as city_level_label
),

by_district as (
    select
        p.snapshot_date,
        coalesce(p.district, settings.city_level_label) as district,
        count(*)::int as headcount,
        count(*) filter (where p.legal_background)::int as legal,
        count(*) filter (where p.law_major)::int as law_major,
        count(*) filter (where p.legal_qualification)::int as legal_qualification,
        count(*) filter (where p.it_major)::int as it_major
    from int_structure_population as p
    cross join settings
    group by all
),

with_city as (
    select * from by_district
    union all
    select snapshot_date, any_value(settings.city_label), sum(headcount)::int, sum(legal)::int, sum(law_major)::int, sum(legal_qualification)::int, sum(it_major)::int
    from by_district cross join settings
    group by snapshot_date
)

select
    year(snapshot_date)::int as year,
    snapshot_date as as_of,
    snapshot_date = as_of() as is_run_as_of,
    district,
    headcount,
    legal,
    round(legal / nullif(headcount, 0), 4) as legal_share,
    law_major,
    legal_qualification,
    it_major
from with_city
