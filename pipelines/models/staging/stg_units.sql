-- grain: one row per unit (机构), as loaded from the units files
select
    unit_id,
    unit_name,
    unit_type,
    parent_id,
    district,
    street,
    valid_from,
    valid_to,
    replaced_by,
    _file as source_file,
    _row as source_row
from src_units
