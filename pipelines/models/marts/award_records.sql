-- grain: one row per award or sanction record of a person (for profiles)
-- effect_end: for sanctions with an effect window, the day it stops blocking promotion.
select
    a.staff_id,
    a.date,
    a.kind,
    a.title,
    list_contains(from_json(param('sanction', 'kinds'), '["VARCHAR"]'), a.kind) as is_sanction,
    s.effect_end
from stg_awards as a
left join int_sanctions as s
    on s.staff_id = a.staff_id and s.sanction_date = a.date and s.kind = a.kind
    and s.title is not distinct from a.title
