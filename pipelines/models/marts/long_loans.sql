-- grain: one row per loan (借调/挂职) that has run longer than long_loan_days by as_of
-- Days run to the loan's end, or to as_of while it is open. The home unit is the 任职 posting
-- the person held when the loan began (as int_posting_spells bridges it).
with loans as (
    select
        l.*,
        date_diff('day', l.start_date, least(coalesce(l.end_date, as_of()), as_of()))::int as days,
        (l.end_date is null or l.end_date >= as_of()) as is_open
    from int_postings as l
    where l.is_loan
      and l.start_date <= as_of()
),

home as (
    select l.posting_id as loan_posting_id, h.unit_id, h.unit_name, h.district, h.position
    from loans as l
    cross join (select param('rotation', 'gap_tolerance_days')::int as days) as tolerance
    join int_postings as h
        on h.staff_id = l.staff_id
        and not h.is_loan
        and h.start_date <= l.start_date
        -- a home posting closed when the loan began (within the spell tolerance) is still home
        and (h.end_date is null or h.end_date + tolerance.days >= l.start_date)
    qualify row_number() over (partition by l.posting_id order by h.start_date desc, h.posting_id desc) = 1
)

select
    l.staff_id,
    s.name,
    h.unit_id as home_unit_id,
    h.unit_name as home_unit_name,
    h.district as home_district,
    h.position as home_position,
    l.unit_id as loan_unit_id,
    l.unit_name as loan_unit_name,
    l.posting_type,
    l.start_date,
    l.end_date,
    l.days,
    l.is_open,
    c.in_service,
    l.posting_id
from loans as l
join stg_staff as s using (staff_id)
join int_staff_current as c using (staff_id)
left join home as h on h.loan_posting_id = l.posting_id
where l.days > param('rotation', 'long_loan_days')::int
  and not list_contains(from_json(param('rotation', 'excluded_categories'), '["VARCHAR"]'), s.category)
