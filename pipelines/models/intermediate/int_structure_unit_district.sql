-- grain: one row per unit: its district, or the nearest ancestor's when the unit's own is empty
-- (a squad file may leave 所属区 empty under a district bureau); null for city-level units.
with ancestors as (
    select
        l.unit_id,
        unnest(string_split(trim(l.path, '/'), '/')) as ancestor_id,
        generate_subscripts(string_split(trim(l.path, '/'), '/'), 1) as position
    from int_unit_lineage as l
)

select
    a.unit_id,
    arg_max(u.district, a.position) filter (where u.district is not null) as district
from ancestors as a
join stg_units as u on u.unit_id = a.ancestor_id
group by a.unit_id
