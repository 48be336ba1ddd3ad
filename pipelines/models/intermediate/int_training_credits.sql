-- grain: one row per training record that counts towards requirements (not failed, started by as_of)
-- days: the file's days, else the calendar days from start to end, else hours converted at hours_per_day.
select
    t.staff_id,
    t.course,
    t.category,
    t.organizer_level,
    t.start_date,
    t.end_date,
    t.hours,
    coalesce(
        t.days,
        date_diff('day', t.start_date, t.end_date) + 1,
        t.hours / param('training', 'hours_per_day')::double
    ) as days,
    t.result,
    t.source_file,
    t.source_row
from stg_training as t
where t.start_date <= as_of()
  and t.result is distinct from json_extract_string(param('training', 'failed_result'), '$')
