-- grain: one row per unit × dimension × band × as_of (the run's as_of and each past year end) with people in it
-- Each unit counts its whole subtree (int_unit_lineage.path); the root unit is the city and also counts
-- people with no posting on that date. Bands with nobody are not listed (headcount 0).
with root as (
    select u.unit_id
    from stg_units as u
    where u.parent_id is null
    order by (u.unit_type = '市局') desc, u.unit_id
    limit 1
),

placed as (
    select
        p.*,
        coalesce(p.unit_id, (select unit_id from root)) as leaf_unit_id
    from int_structure_population as p
),

-- each dimension counted straight from the people (four group-bys of 2 M rows) rather than from one
-- stacked table of 9 M rows
leaf_counts as (
    select snapshot_date, leaf_unit_id, 'age' as dimension, age_band as band, min(age_order) as band_order, count(*) as headcount
    from placed group by snapshot_date, leaf_unit_id, age_band
    union all
    select snapshot_date, leaf_unit_id, 'education', education_band, min(education_order), count(*)
    from placed group by snapshot_date, leaf_unit_id, education_band
    union all
    select snapshot_date, leaf_unit_id, 'major', major_band, min(major_order), count(*)
    from placed group by snapshot_date, leaf_unit_id, major_band
    union all
    select snapshot_date, leaf_unit_id, 'rank', rank_band, min(rank_order), count(*)
    from placed group by snapshot_date, leaf_unit_id, rank_band
),

ancestors as (
    select l.unit_id, unnest(string_split(trim(l.path, '/'), '/')) as ancestor_id
    from int_unit_lineage as l
),

rolled as (
    select
        lc.snapshot_date,
        coalesce(a.ancestor_id, lc.leaf_unit_id) as unit_id,
        lc.dimension,
        lc.band,
        min(lc.band_order) as band_order,
        sum(lc.headcount)::int as headcount
    from leaf_counts as lc
    left join ancestors as a on a.unit_id = lc.leaf_unit_id
    group by all
)

select
    r.unit_id,
    u.unit_name,
    u.unit_type,
    u.district,
    r.dimension,
    r.band,
    r.band_order::int as band_order,
    r.headcount,
    r.snapshot_date as as_of,
    r.snapshot_date = as_of() as is_run_as_of
from rolled as r
left join stg_units as u using (unit_id)
