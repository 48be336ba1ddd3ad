-- grain: one row per rank record on a known ladder of a person (for profiles)
-- effective_date keeps the source's name; valid_to is the next record's date (NULL = held now or last known).
select
    staff_id,
    rank,
    ladder,
    ladder_name,
    level,
    valid_from as effective_date,
    valid_to,
    change_type,
    rank_since
from int_rank_history
