-- grain: one row per unit (the published unit dimension)
-- path lists unit_ids from the root down to the unit ('/city/district/squad/'), so a unit's
-- subtree is every unit whose path contains '/<unit_id>/'. district is the unit's own or, when
-- empty, its nearest ancestor's.
select
    u.unit_id,
    u.unit_name,
    u.unit_type,
    u.parent_id,
    l.district,
    u.district as district_given,
    u.street,
    l.lineage_id,
    l.path,
    l.depth,
    u.valid_from,
    u.valid_to,
    u.replaced_by,
    ((u.valid_from is null or u.valid_from <= as_of()) and (u.valid_to is null or u.valid_to > as_of())) as is_active
from stg_units as u
left join int_unit_lineage as l using (unit_id)
