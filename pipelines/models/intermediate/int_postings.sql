-- grain: one row per posting, with its unit's type and lineage and whether it is a principal's post
-- Principal: the file's is_principal when given, else derived from the position per unit type
-- (rotation.principal_positions). Computed here only; every later model reads it from here.
with principal_positions as (
    select unit_type, from_json(json_extract(by_type, '$."' || unit_type || '"'), '["VARCHAR"]') as positions
    from (
        select unnest(json_keys(by_type)) as unit_type, by_type
        from (select param('rotation', 'principal_positions') as by_type)
    )
),

loan_types as (
    select from_json(param('rotation', 'loan_types'), '["VARCHAR"]') as types
)

select
    p.posting_id,
    p.staff_id,
    p.unit_id,
    u.unit_name,
    u.unit_type,
    l.district,
    u.street,
    l.lineage_id,
    l.successors as unit_successors,
    p.position,
    p.start_date,
    p.end_date,
    coalesce(p.is_principal, coalesce(list_contains(pp.positions, p.position), false)) as is_principal,
    case when p.is_principal is null then 'derived_from_position' else 'source' end as principal_source,
    p.posting_type,
    list_contains(loan_types.types, p.posting_type) as is_loan,
    p.leadership_level,
    p.source_file,
    p.source_row
from stg_postings as p
cross join loan_types
left join stg_units as u on u.unit_id = p.unit_id
left join int_unit_lineage as l on l.unit_id = p.unit_id
left join principal_positions as pp on pp.unit_type = u.unit_type
