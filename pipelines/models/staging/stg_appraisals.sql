-- grain: one row per appraisal record (annual or periodic) of a person
select
    _file as source_file,
    _row as source_row,
    staff_id,
    year,
    grade,
    coalesce(period, json_extract_string(param('promotion', 'annual_period'), '$')) as period,
    score
from src_appraisals
where staff_id is not null
