-- grain: one row per training record (one course attended by one person)
select
    _file as source_file,
    _row as source_row,
    staff_id,
    course,
    category,
    organizer_level,
    start_date,
    end_date,
    hours,
    days,
    result
from src_training
where staff_id is not null
