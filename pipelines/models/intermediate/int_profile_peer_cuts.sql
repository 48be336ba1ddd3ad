-- grain: one row per peer group: the tertile cut points of competence and potential used for the 9-box
-- Recorded so that every box can be checked from the snapshot alone. Cuts interpolate linearly between
-- the sorted scores (as quantile_cont does; DuckDB's quantile takes no parameter from a table).
with scores as (
    select
        staff_id,
        peer_group,
        model,
        round(sum(weight * value) / nullif(sum(weight) filter (where value is not null), 0), 2) as score
    from int_profile_components
    group by staff_id, peer_group, model
),

sorted as (
    select peer_group, model, list(score order by score) as vals
    from scores
    where score is not null
    group by peer_group, model
),

cuts as (
    select
        s.peer_group,
        s.model,
        [
            s.vals[floor(h)::int + 1] + (h - floor(h)) * (s.vals[least(floor(h)::int + 2, len(s.vals))] - s.vals[floor(h)::int + 1])
            for h in [(len(s.vals) - 1) * p for p in from_json(param('profile', 'tertiles'), '["DOUBLE"]')]
        ] as cut_points
    from sorted as s
),

groups as (
    select peer_group, count(distinct staff_id)::int as peers
    from int_profile_components
    group by peer_group
)

select
    g.peer_group,
    g.peers,
    round(c.cut_points[1], 4) as competence_low_cut,
    round(c.cut_points[2], 4) as competence_high_cut,
    round(p.cut_points[1], 4) as potential_low_cut,
    round(p.cut_points[2], 4) as potential_high_cut
from groups as g
left join cuts as c on c.peer_group = g.peer_group and c.model = 'competence'
left join cuts as p on p.peer_group = g.peer_group and p.model = 'potential'
