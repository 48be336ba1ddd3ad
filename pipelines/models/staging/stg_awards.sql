-- grain: one row per award or sanction record of a person
select
    _file as source_file,
    _row as source_row,
    staff_id,
    date,
    kind,
    title
from src_awards
where staff_id is not null
