-- grain: one row per person × rotation rule × tenure spell (任职连续期)
-- A spell is a run of consecutive 任职 postings that a rule counts (its unit type; principals only
-- where the rule says so), in one unit lineage (the same unit or a successor of it: a rename or
-- merge continues, a move between two squads merged later does not) and, where the rule counts
-- position, one position. The next posting continues the spell when it starts at most
-- gap_tolerance_days after the previous one's reach ends. Any other 任职 posting in between
-- (another squad, an office, another position) ends it. Loans (借调/挂职) are not in the sequence
-- at all, and a loan that starts while a posting runs (or within the tolerance after it) stretches
-- that posting's reach to the loan's end: the home posting goes on during the loan.
--
-- staff_10y counts the same squad lineage in any position, including years as the squad's
-- principal: the seed counts 同一中队工作满10年 and being 中队长 is working in that squad. The
-- rotation_due mart applies it only while the person is not principal (one squad rule at a time).
with rules as (
    select
        rule_id,
        json_extract_string(param(rule_id, 'unit_type'), '$') as unit_type,
        param(rule_id, 'principal')::boolean as principal_only,
        param(rule_id, 'counts_position')::boolean as counts_position,
        param(rule_id, 'limit_years')::int as limit_years
    from (select unnest(from_json(param('rotation', 'rule_ids'), '["VARCHAR"]')) as rule_id)
),

tolerance as (
    select param('rotation', 'gap_tolerance_days')::int as days
),

assignments as (
    select * from int_postings where not is_loan
),

loans as (
    select * from int_postings where is_loan
),

-- reach_end null = still open
reach as (
    select
        a.posting_id,
        case
            when a.end_date is null then null
            when bool_or(l.posting_id is not null and l.end_date is null) then null
            else greatest(a.end_date, coalesce(max(l.end_date), a.end_date))
        end as reach_end
    from assignments as a
    cross join tolerance
    left join loans as l
        on l.staff_id = a.staff_id
        and l.start_date >= a.start_date
        and l.start_date <= a.end_date + tolerance.days
    group by a.posting_id, a.end_date
),

-- each posting beside the one before it in the person's sequence (one window pass for all rules)
sequenced as (
    select
        a.*,
        reach.reach_end,
        lag(a.staff_id) over w as prev_staff_id,
        lag(a.posting_id) over w as prev_posting_id,
        lag(a.unit_id) over w as prev_unit_id,
        lag(a.unit_type) over w as prev_unit_type,
        lag(a.unit_successors) over w as prev_unit_successors,
        lag(a.lineage_id) over w as prev_lineage_id,
        lag(a.position) over w as prev_position,
        lag(a.is_principal) over w as prev_is_principal,
        lag(reach.reach_end) over w as prev_reach_end
    from assignments as a
    join reach using (posting_id)
    -- posting_id orders the postings by person and then start date (stg_postings numbers them so): one
    -- window over everyone sorted by that integer; the row before counts only if it is the same person
    window w as (order by a.posting_id)
),

flagged as (
    select
        r.rule_id,
        r.limit_years,
        sq.*,
        not coalesce(
            sq.prev_posting_id is not null and sq.prev_staff_id is not distinct from sq.staff_id
            -- the previous posting counts for the same rule …
            and sq.prev_unit_type = r.unit_type
            and (sq.prev_is_principal or not r.principal_only)
            -- … in the same unit or one it became …
            and sq.prev_lineage_id = sq.lineage_id
            and (sq.prev_unit_id = sq.unit_id or list_contains(sq.prev_unit_successors, sq.unit_id))
            -- … in the same position where the rule counts it …
            and (not r.counts_position or sq.prev_position = sq.position)
            -- … and reaches to within the tolerance of this one's start
            and (sq.prev_reach_end is null or sq.start_date <= sq.prev_reach_end + tolerance.days),
            false
        ) as starts_spell
    from sequenced as sq
    cross join tolerance
    join rules as r
        on sq.unit_type = r.unit_type
        and (sq.is_principal or not r.principal_only)
),

numbered as (
    select
        *,
        sum(starts_spell::int) over (partition by rule_id, staff_id order by posting_id rows unbounded preceding) as spell_no
    from flagged
)

-- stg_postings numbers a person's postings in start_date order, so posting_id orders them here
select
    staff_id,
    rule_id,
    spell_no::int as spell_no,
    any_value(lineage_id) as lineage_id,
    arg_max(unit_id, posting_id) as unit_id,
    arg_min(unit_id, posting_id) as first_unit_id,
    arg_max(position, posting_id) as position,
    arg_max(is_principal, posting_id) as is_principal,
    min(start_date) as spell_start,
    case when bool_or(end_date is null) then null else max(end_date) end as spell_end,
    any_value(limit_years) as limit_years,
    (min(start_date) + to_years(any_value(limit_years)))::date as due_date,
    count(*)::int as postings,
    list_sort(list(posting_id)) as posting_ids
from numbered
group by staff_id, rule_id, spell_no
