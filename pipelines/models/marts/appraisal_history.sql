-- grain: one row per appraisal record (annual or periodic) of a person (for profiles)
select
    staff_id,
    year,
    period,
    grade,
    score
from stg_appraisals
