-- grain: one row per sanction record whose effect window is set by policy (警告, 记过, 记大过, 降级, 撤职)
-- The effect lasts from the sanction date up to, not including, effect_end.
with windows as (
    select
        staff_id,
        date as sanction_date,
        kind,
        title,
        (param('sanction', 'effect_months')::json ->> kind)::int as effect_months
    from stg_awards
)

select
    staff_id,
    sanction_date,
    kind,
    title,
    effect_months,
    (sanction_date + to_months(effect_months))::date as effect_end
from windows
where effect_months is not null
