-- grain: one row per cases record (a person's cases in one month, or in a whole year when month is empty)
select
    _file as source_file,
    _row as source_row,
    staff_id,
    year,
    month,
    cases_handled,
    cases_lead
from src_cases
where staff_id is not null
