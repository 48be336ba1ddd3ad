-- grain: one row per unit: its lineage (final successor along replaced_by), its place in the unit tree and its district
-- A squad renamed or merged continues in its successor (rules.md §1): lineage_id is the end of the
-- replaced_by chain, successors the chain itself. Two squads merged into one share a lineage, but a
-- move between them before the merge is still a move, hence the chain and not only lineage_id.
-- Both walks stop on a cycle instead of looping.
with recursive chain as (
    select unit_id, unit_id as successor_id, 0 as steps, [unit_id] as visited
    from stg_units
    union all
    select s.unit_id, u.replaced_by, s.steps + 1, list_append(s.visited, u.replaced_by)
    from chain as s
    join stg_units as u on u.unit_id = s.successor_id
    where u.replaced_by is not null
      and not list_contains(s.visited, u.replaced_by)
      and u.replaced_by in (select unit_id from stg_units)
),

-- district: the unit's own, else the nearest ancestor's (squads often leave it to their bureau)
ancestors as (
    select unit_id, parent_id as next_id, '/' || unit_id || '/' as path, 0 as depth, [unit_id] as visited, district
    from stg_units
    union all
    select a.unit_id, p.parent_id, '/' || p.unit_id || a.path, a.depth + 1, list_append(a.visited, p.unit_id), coalesce(a.district, p.district)
    from ancestors as a
    join stg_units as p on p.unit_id = a.next_id
    where not list_contains(a.visited, p.unit_id)
),

lineage as (
    select
        unit_id,
        arg_max(successor_id, steps) as lineage_id,
        max(steps) as lineage_steps,
        -- the unit itself and every successor: a posting continues a spell only into one of these
        arg_max(visited, steps) as successors
    from chain
    group by unit_id
),

tree as (
    select unit_id, arg_max(path, depth) as path, max(depth) as depth, arg_max(district, depth) as district
    from ancestors
    group by unit_id
)

select
    lineage.unit_id,
    lineage.lineage_id,
    lineage.lineage_steps,
    lineage.successors,
    tree.path,
    tree.depth,
    tree.district
from lineage
join tree using (unit_id)
