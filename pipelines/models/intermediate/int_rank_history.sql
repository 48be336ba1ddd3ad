-- grain: one row per rank record on a known ladder: the rank a person held from valid_from until valid_to (exclusive)
-- A rank not on either ladder keeps its place in the timeline (it ends the rank before it) but is left out
-- here; promotion_warnings reports it. Equivalent ranks of the two ladders (转任 between tracks) continue
-- one rank spell, so rank_since is the start of the time in the rank or its equivalent.
-- Two window passes over the records (the second needs the first's lag): rank_since is the valid_from of
-- the latest record that started a spell, a running max in timeline order, rather than a numbered
-- spell and a min over it (two more sorts of every record). A record off both ladders has a null key
-- and is a spell of its own, so leaving it out below never splits a spell.
with ranked as (
    select
        r.source_file,
        r.source_row,
        r.staff_id,
        r.rank,
        r.effective_date as valid_from,
        lead(r.effective_date) over w as valid_to,
        r.change_type,
        l.ladder,
        l.ladder_name,
        l.level,
        l.equivalent_rank,
        case when l.ladder = 'general' then coalesce(l.equivalent_rank, l.rank) else l.rank end as rank_key,
        lag(case when l.ladder = 'general' then coalesce(l.equivalent_rank, l.rank) else l.rank end) over w as lag_key
    from stg_ranks as r
    left join ref_rank_ladder as l on l.rank = r.rank
    where r.effective_date is not null
    window w as (partition by r.staff_id order by r.effective_date, r.source_file, r.source_row)
),

islands as (
    select
        *,
        max(case when rank_key is not distinct from lag_key and rank_key is not null then null else valid_from end)
            over (partition by staff_id order by valid_from, source_file, source_row rows unbounded preceding) as rank_since
    from ranked
)

select
    staff_id,
    rank,
    ladder,
    ladder_name,
    level,
    equivalent_rank,
    valid_from,
    valid_to,
    change_type,
    rank_since,
    source_file,
    source_row
from islands
where ladder is not null
