-- grain: one row per posting (任职经历), with a stable posting_id for the run
select
    row_number() over (order by staff_id, start_date, unit_id, position, _file, _row)::int as posting_id,
    staff_id,
    unit_id,
    position,
    start_date,
    end_date,
    is_principal,
    -- the contract's default: an empty posting_type is an ordinary 任职
    coalesce(posting_type, '任职') as posting_type,
    leadership_level,
    _file as source_file,
    _row as source_row
from src_postings
