-- grain: one row per person × pool with a proposed action: enter (non-member meeting every entry
-- criterion), stay (member meeting every stay criterion) or exit (member failing one)
-- Members are the confirmations of the operational store (tmp_pool_members); HR confirms the proposal.
with members as (
    select staff_id, pool, min(since) as member_since
    from tmp_pool_members
    group by staff_id, pool
),

-- pass/fail first: only the groups the mart keeps (members, or entry passed) build their criteria lists,
-- which cost far more than the verdicts
verdicts as (
    select
        c.staff_id,
        c.pool,
        m.staff_id is not null as is_member,
        any_value(m.member_since) as member_since,
        bool_and(c.pass) filter (where c.stage in ('entry', 'both')) as entry_pass,
        bool_and(c.pass) filter (where c.stage in ('stay', 'both')) as stay_pass
    from int_pool_criteria as c
    left join members as m on m.staff_id = c.staff_id and m.pool = c.pool
    group by c.staff_id, c.pool, m.staff_id
),

judged_items as (
    select
        v.staff_id,
        v.pool,
        any_value(v.is_member) as is_member,
        any_value(v.member_since) as member_since,
        any_value(v.entry_pass) as entry_pass,
        any_value(v.stay_pass) as stay_pass,
        list({
            'criterion_order': c.criterion_order,
            'item': { 'criterion': c.criterion, 'label': c.label, 'stage': c.stage, 'value': c.value::json, 'threshold': c.threshold::json, 'pass': c.pass }
        }) filter (where c.stage = 'both' or c.stage = case when v.is_member then 'stay' else 'entry' end) as criteria_items,
        list({ 'criterion_order': c.criterion_order, 'criterion': c.criterion }) filter (
            where not c.pass and (c.stage = 'both' or c.stage = case when v.is_member then 'stay' else 'entry' end)
        ) as failed_items
    from verdicts as v
    join int_pool_criteria as c on c.staff_id = v.staff_id and c.pool = v.pool
    where v.is_member or v.entry_pass
    group by v.staff_id, v.pool
),

-- lists put in criterion order after the aggregate, by sorting their keys: an ordered list() sorts the
-- items inside the aggregate, per group, several times slower at national scale
judged as (
    select
        * exclude (criteria_items, failed_items),
        list_transform(
            list_select(criteria_items, list_grade_up(list_transform(criteria_items, x -> x.criterion_order), 'asc', 'nulls last')),
            x -> x.item) as criteria,
        list_transform(
            list_select(failed_items, list_grade_up(list_transform(failed_items, x -> x.criterion_order), 'asc', 'nulls last')),
            x -> x.criterion) as failed
    from judged_items
)

select
    j.staff_id,
    j.pool,
    case
        when j.is_member and j.stay_pass then 'stay'
        when j.is_member then 'exit'
        else 'enter'
    end as action,
    to_json(j.criteria) as criteria,
    coalesce(j.failed, []) as failed_criteria,
    j.is_member,
    j.member_since,
    s.name,
    cur.unit_id,
    cur.unit_name,
    cur.district
from judged as j
left join stg_staff as s using (staff_id)
left join int_staff_current as cur using (staff_id)
where j.is_member or j.entry_pass
