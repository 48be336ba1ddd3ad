-- grain: one row per posting (任职经历), for profiles
select
    p.posting_id,
    p.staff_id,
    p.unit_id,
    p.unit_name,
    p.unit_type,
    p.district,
    p.street,
    p.lineage_id,
    p.position,
    p.start_date,
    p.end_date,
    p.is_principal,
    p.principal_source,
    p.posting_type,
    p.is_loan,
    p.leadership_level,
    (p.start_date <= as_of() and (p.end_date is null or p.end_date >= as_of())) as is_current,
    -- days served up to as_of (0 for a posting that starts later)
    greatest(date_diff('day', p.start_date, least(coalesce(p.end_date, as_of()), as_of())), 0)::int as days_to_as_of,
    p.source_file,
    p.source_row
from int_postings as p
