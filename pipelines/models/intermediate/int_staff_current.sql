-- grain: one row per person: service status, age and home posting at as_of
-- In service: status 在职, or a change of status not yet effective at as_of (status_date after as_of).
-- The home posting: the 任职 posting running at as_of (with overlapping ones, the latest started);
-- failing that, the last one before as_of, so that people who left still belong to a unit
-- (scoping reads staff.unit_id). unit_is_current tells the two apart.
with
-- The home posting is picked by arg_max over the ordering key (posting_id last, so no ties) and joined
-- back, rather than by a window over every posting: the same row, a fraction of the sorting. Every part
-- of the key is non-null (start_date <= as_of, and the end coalesced).
home_posting as (
    select
        staff_id,
        arg_max(posting_id, { 'running': end_date is null or end_date >= as_of(), 'start': start_date, 'end': coalesce(end_date, as_of()), 'posting_id': posting_id }) as posting_id
    from int_postings
    where not is_loan
      and start_date <= as_of()
    group by staff_id
),

current_assignment as (
    select p.*, (p.end_date is null or p.end_date >= as_of()) as unit_is_current
    from home_posting as h
    join int_postings as p using (posting_id)
),

-- the latest started loan running at as_of (start_date then posting_id, which follows it)
current_loan as (
    select p.*
    from (
        select staff_id, max(posting_id) as posting_id
        from int_postings
        where is_loan
          and start_date <= as_of()
          and (end_date is null or end_date >= as_of())
        group by staff_id
    ) as h
    join int_postings as p using (posting_id)
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
    coalesce(a.unit_is_current, false) as unit_is_current,
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
