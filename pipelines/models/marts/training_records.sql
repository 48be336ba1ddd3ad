-- grain: one row per training record of a person, failed ones included and marked (for profiles)
select
    t.staff_id,
    t.course,
    t.category,
    t.organizer_level,
    t.start_date,
    t.end_date,
    t.hours,
    t.days,
    t.result,
    t.result is not distinct from json_extract_string(param('training', 'failed_result'), '$') as is_failed
from stg_training as t
