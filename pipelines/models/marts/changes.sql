-- grain: one row per person × change since the previous published snapshot (rotation, promotion, training)
-- `item` names what changed within the domain (rule_id; requirement_id/period). The first refresh has no
-- previous snapshot (prev has no pipeline_run): nothing is reported rather than everything as new.
with has_previous as (
    select count(*) > 0 as yes
    from duckdb_tables()
    where database_name = 'prev' and table_name = 'pipeline_run'
),

rotation_pairs as (
    select
        coalesce(c.staff_id, p.staff_id) as staff_id,
        coalesce(c.rule_id, p.rule_id) as item,
        p.status as before,
        c.status as after,
        c.due_date as due_now,
        p.due_date as due_before
    from rotation_due as c
    full join prev.rotation_due as p on p.staff_id = c.staff_id and p.rule_id = c.rule_id
),

rotation as (
    select
        staff_id,
        'rotation' as domain,
        item,
        case
            when before is null then 'due_new'
            when after is null then 'due_off'
            else 'status_changed'
        end as change,
        before,
        after,
        case
            when before is null then '新列入应交流名单（' || item || '，满期日' || strftime(due_now, '%Y-%m-%d') || '）'
            when after is null then '移出应交流名单（' || item || '，原满期日' || strftime(due_before, '%Y-%m-%d') || '）'
            else '应交流状态由' || coalesce(json_extract_string(param('rotation', 'status_labels'), '$.' || before), before)
                || '变为' || coalesce(json_extract_string(param('rotation', 'status_labels'), '$.' || after), after) || '（' || item || '，满期日' || strftime(due_now, '%Y-%m-%d') || '）'
        end as detail
    from rotation_pairs
    where before is distinct from after
),

promotion_pairs as (
    select
        coalesce(c.staff_id, p.staff_id) as staff_id,
        p.status as before,
        c.status as after,
        coalesce(c.reasons, p.reasons) as reasons
    from promotion_eligibility as c
    full join prev.promotion_eligibility as p on p.staff_id = c.staff_id
),

promotion as (
    select
        staff_id,
        'promotion' as domain,
        'promotion' as item,
        case
            when after = 'blocked' then 'newly_blocked'
            when before = 'blocked' and after is not null then 'unblocked'
            when after = 'eligible' then 'newly_eligible'
            when after is null then 'no_longer_listed'
            else 'status_changed'
        end as change,
        before,
        after,
        json_extract_string(reasons, '$.text') as detail
    from promotion_pairs
    where before is distinct from after
),

training_pairs as (
    select
        coalesce(c.staff_id, p.staff_id) as staff_id,
        coalesce(c.requirement_id, p.requirement_id) || '/' || coalesce(c.period, p.period) as item,
        coalesce(c.requirement_id, p.requirement_id) as requirement_id,
        coalesce(c.period_start, p.period_start) as period_start,
        p.deadline as deadline_before,
        p.status as before,
        c.status as after,
        coalesce(c.detail, p.detail) as detail
    from training_compliance as c
    full join prev.training_compliance as p
        on p.staff_id = c.staff_id and p.requirement_id = c.requirement_id and p.period = c.period
),

training as (
    select
        staff_id,
        'training' as domain,
        item,
        case
            when after in ('gap', 'overdue') and (before is null or before = 'met') then 'gap_new'
            when before in ('gap', 'overdue') and after = 'met' then 'gap_closed'
            when before = 'gap' and after = 'overdue' then 'became_overdue'
            when before in ('gap', 'overdue') and after is null then 'no_longer_required'
        end as change,
        -- periods that simply moved on are not news: a new year's hours opening short, or an old period
        -- leaving the checked window (closed_years / history_years)
        coalesce(
        (requirement_id = 'annual_hours' and before is null and after = 'gap' and year(period_start) = year(as_of()))
        or (after is null and requirement_id = 'annual_hours'
            and year(period_start) < year(as_of()) - param('annual_hours', 'closed_years')::int)
        or (after is null and requirement_id in ('induction', 'appointment')
            and deadline_before < (as_of() - to_years(param('training', 'history_years')::int))::date),
        false) as period_moved_on,
        before,
        after,
        detail
    from training_pairs
    where before is distinct from after
)

select
    ch.staff_id,
    s.name,
    ch.domain,
    ch.item,
    ch.change,
    ch.before,
    ch.after,
    ch.detail
from (
    select * from rotation
    union all by name select * from promotion
    union all by name select * exclude (period_moved_on) from training where not period_moved_on
) as ch
left join stg_staff as s on s.staff_id = ch.staff_id
where ch.change is not null
  and (select yes from has_previous)
