-- grain: one row per person: service status, age and current posting at as_of
-- In service: status 在职, or a change of status not yet effective at as_of (status_date after as_of).
with current_assignment as (
    select *
    from int_postings
    where not is_loan
      and start_date <= as_of()
      and (end_date is null or end_date >= as_of())
    -- with overlapping open postings the latest one is the current one
    qualify row_number() over (partition by staff_id order by start_date desc, posting_id desc) = 1
),

current_loan as (
    select *
    from int_postings
    where is_loan
      and start_date <= as_of()
      and (end_date is null or end_date >= as_of())
    qualify row_number() over (partition by staff_id order by start_date desc, posting_id desc) = 1
),

ages as (
    select
        staff_id,
        (date_diff('year', birth_date, as_of())
            - case when (birth_date + to_years(date_diff('year', birth_date, as_of())))::date > as_of() then 1 else 0 end)::int as age
    from stg_staff
)

select
    s.staff_id,
    (s.status = '在职' or (s.status_date is not null and s.status_date > as_of())) as in_service,
    ages.age,
    a.posting_id as posting_id,
    a.unit_id,
    a.unit_name,
    a.unit_type,
    a.district,
    a.street,
    a.lineage_id,
    a.position,
    a.is_principal,
    a.leadership_level,
    a.start_date as posting_start,
    l.posting_id is not null as on_loan,
    l.unit_id as loan_unit_id,
    l.unit_name as loan_unit_name,
    l.posting_type as loan_type,
    l.start_date as loan_start
from stg_staff as s
left join ages using (staff_id)
left join current_assignment as a using (staff_id)
left join current_loan as l using (staff_id)
