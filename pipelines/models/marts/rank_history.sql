-- grain: one row per rank record on a known ladder of a person (for profiles)
select
    staff_id,
    rank,
    ladder,
    ladder_name,
    level,
    valid_from,
    valid_to,
    change_type,
    rank_since
from int_rank_history
