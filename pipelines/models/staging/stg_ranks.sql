-- grain: one row per rank record of the ranks files (rank names not yet checked against the ladders)
select
    _file as source_file,
    _row as source_row,
    staff_id,
    rank,
    effective_date,
    change_type
from src_ranks
where staff_id is not null
