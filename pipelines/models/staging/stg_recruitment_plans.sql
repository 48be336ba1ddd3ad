-- grain: one row per recruitment plan year × district (district empty = the whole city)
select
    _file as source_file,
    _row as source_row,
    year,
    district,
    planned_total,
    planned_law,
    planned_it
from src_recruitment_plans
where year is not null
