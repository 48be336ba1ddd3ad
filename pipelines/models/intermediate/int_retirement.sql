-- grain: one row per person: statutory retirement date (rules.md §2, the 2024 decision)
-- idx = months from the start month (Jan 1965 men / Jan 1970 women) to the birth month;
-- delay = min(floor(idx / step) + 1, max) months when idx >= 0, else none.
with rule as (
    select
        param('retirement', 'male_base_age')::int as male_base_age,
        strptime(json_extract_string(param('retirement', 'male_start_month'), '$') || '-01', '%Y-%m-%d')::date as male_start,
        param('retirement', 'female_base_age')::int as female_base_age,
        strptime(json_extract_string(param('retirement', 'female_start_month'), '$') || '-01', '%Y-%m-%d')::date as female_start,
        param('retirement', 'step_months')::int as step_months,
        param('retirement', 'max_delay_months')::int as max_delay_months
),

people as (
    select
        s.staff_id,
        s.gender,
        s.birth_date,
        case when s.gender = '女' then rule.female_base_age else rule.male_base_age end as base_age,
        date_diff('month', case when s.gender = '女' then rule.female_start else rule.male_start end, date_trunc('month', s.birth_date)::date) as idx,
        rule.step_months,
        rule.max_delay_months
    from stg_staff as s
    cross join rule
    where s.birth_date is not null
),

delayed as (
    select
        *,
        case when idx < 0 then 0 else least(floor(idx / step_months)::int + 1, max_delay_months) end as delay_months
    from people
)

select
    staff_id,
    gender,
    birth_date,
    base_age,
    delay_months,
    base_age * 12 + delay_months as retirement_age_months,
    (birth_date + to_months(base_age * 12 + delay_months))::date as retirement_date
from delayed
