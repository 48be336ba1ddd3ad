-- grain: one row per person × year: cases handled that year
-- A whole-year record (month empty) is the year's figure; without one, the months are summed.
-- Both kinds for the same year would otherwise count the year twice.
with by_kind as (
    select
        staff_id,
        year,
        sum(cases_handled) filter (where month is null) as year_handled,
        sum(cases_lead) filter (where month is null) as year_lead,
        count(*) filter (where month is null) as year_rows,
        sum(cases_handled) filter (where month is not null) as month_handled,
        sum(cases_lead) filter (where month is not null) as month_lead
    from stg_cases
    group by staff_id, year
)

select
    staff_id,
    year,
    (case when year_rows > 0 then year_handled else month_handled end)::int as cases_handled,
    (case when year_rows > 0 then year_lead else month_lead end)::int as cases_lead,
    case when year_rows > 0 then 'year' else 'months' end as basis
from by_kind
