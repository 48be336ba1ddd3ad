-- grain: one row per person × rule on the rotation-due list at as_of
-- Open spells only; one squad rule at a time: a rule for non-principals (staff_10y) yields to an
-- open principal rule (leader_5y) of the same unit type. Near-retirement people stay listed, marked.
-- Reads published tables only, and as_of() nowhere but as the date: the API runs this same file
-- against a snapshot with another date to show the list "as of" any day (api/rotation/queries.ts).
with settings as (
    select
        param('rotation', 'approaching_months')::int as approaching_months,
        param('rotation', 'retirement_exempt_years')::int as exempt_years,
        param('rotation', 'status_labels') as status_labels
),

rules as (
    select
        rule_id,
        json_extract_string(param(rule_id, 'unit_type'), '$') as unit_type,
        param(rule_id, 'principal')::boolean as principal_only,
        json_extract_string(param(rule_id, 'label'), '$') as label
    from (select unnest(from_json(param('rotation', 'rule_ids'), '["VARCHAR"]')) as rule_id)
),

open_spells as (
    select sp.*, rules.unit_type, rules.principal_only, rules.label
    from rotation_spells as sp
    join rules using (rule_id)
    where sp.spell_start <= as_of() and (sp.spell_end is null or sp.spell_end >= as_of())
),

applicable as (
    select o.*
    from open_spells as o
    where o.principal_only
       or not exists (
           select 1 from open_spells as x
           where x.staff_id = o.staff_id and x.unit_type = o.unit_type and x.principal_only
       )
    -- concurrent postings could open two spells of one rule: the longer one decides
    qualify row_number() over (partition by o.staff_id, o.rule_id order by o.spell_start, o.unit_id) = 1
),

measured as (
    select
        a.*,
        date_diff('year', a.spell_start, as_of())
            - case when (a.spell_start + to_years(date_diff('year', a.spell_start, as_of())))::date > as_of() then 1 else 0 end as full_years
    from applicable as a
),

scored as (
    select
        m.*,
        -- complete years plus the elapsed share of the current one, cut (not rounded) to 2 decimals,
        -- so tenure shows 5.00 exactly on the 5th anniversary and never before it
        floor(100 * (
            m.full_years
            + date_diff('day', (m.spell_start + to_years(m.full_years))::date, as_of())
              / date_diff('day', (m.spell_start + to_years(m.full_years))::date, (m.spell_start + to_years(m.full_years + 1))::date)
        )) / 100 as tenure_years,
        case
            when as_of() >= m.due_date then 'reached'
            when m.due_date <= (as_of() + to_months(settings.approaching_months))::date then 'approaching'
        end as status,
        settings.exempt_years,
        settings.status_labels
    from measured as m
    cross join settings
)

select
    sc.staff_id,
    s.name,
    sc.unit_id,
    u.unit_name,
    u.district,
    sc.rule_id,
    sc.position,
    sc.spell_start,
    sc.due_date,
    sc.tenure_years,
    sc.status,
    s.retirement_date,
    coalesce(s.retirement_date <= (as_of() + to_years(sc.exempt_years))::date, false) as exempt,
    case when s.retirement_date <= (as_of() + to_years(sc.exempt_years))::date then 'near_retirement' end as exempt_reason,
    u.street,
    sc.lineage_id,
    sc.limit_years,
    list_filter(
        [sc.rule_id, sc.status, case when s.retirement_date <= (as_of() + to_years(sc.exempt_years))::date then 'near_retirement' end],
        x -> x is not null
    ) as reason_codes,
    sc.label || '：' || strftime(sc.spell_start, '%Y-%m-%d') || '起连续任职' || printf('%.2f', sc.tenure_years) || '年，满期日'
        || strftime(sc.due_date, '%Y-%m-%d') || '（' || json_extract_string(sc.status_labels, '$.' || sc.status) || '）' as reason
from scored as sc
join staff as s using (staff_id)
left join units as u on u.unit_id = sc.unit_id
where sc.status is not null
  -- in service on the day: still 在职, or left only after it
  and (s.status = '在职' or (s.status_date is not null and s.status_date > as_of()))
