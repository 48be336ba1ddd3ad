-- grain: one row per person profiled at as_of (in service, profile.categories): competence, potential, 9-box
-- competence / potential: weighted mean of the components that have a value (weights re-normalised);
-- level 0 low / 1 mid / 2 high against the peer group's tertile cuts (below the low cut = low, below the
-- high cut = mid); box = 3 × potential level + competence level + 1 (1 low/low … 9 high/high).
with aggregated as (
    select
        staff_id,
        any_value(peer_group) as peer_group,
        round(sum(weight * value) filter (where model = 'competence')
              / nullif(sum(weight) filter (where model = 'competence' and value is not null), 0), 2) as competence,
        round(sum(weight * value) filter (where model = 'potential')
              / nullif(sum(weight) filter (where model = 'potential' and value is not null), 0), 2) as potential,
        list({ 'component': component, 'weight': weight, 'value': value, 'input': input::json })
            filter (where model = 'competence') as competence_unordered,
        list({ 'component': component, 'weight': weight, 'value': value, 'input': input::json })
            filter (where model = 'potential') as potential_unordered
    from int_profile_components
    group by staff_id
),

-- components in weight order (desc, then component): sorting small keys after the aggregate instead of
-- an ordered list() (which sorts the items with their inputs per group) halves the CPU at national scale
scored as (
    select
        * exclude (competence_unordered, potential_unordered),
        list_select(competence_unordered, list_grade_up(list_transform(competence_unordered, x -> { 'n': x.weight is null, 'w': -x.weight, 'c': x.component }))) as competence_components,
        list_select(potential_unordered, list_grade_up(list_transform(potential_unordered, x -> { 'n': x.weight is null, 'w': -x.weight, 'c': x.component }))) as potential_components
    from aggregated
),

levelled as (
    select
        s.*,
        c.peers,
        c.competence_low_cut,
        c.competence_high_cut,
        c.potential_low_cut,
        c.potential_high_cut,
        case when s.competence < c.competence_low_cut then 0 when s.competence < c.competence_high_cut then 1 else 2 end as competence_level,
        case when s.potential < c.potential_low_cut then 0 when s.potential < c.potential_high_cut then 1 else 2 end as potential_level
    from scored as s
    join int_profile_peer_cuts as c using (peer_group)
)

select
    l.staff_id,
    l.competence,
    l.potential,
    case when l.competence is not null and l.potential is not null
        then 3 * l.potential_level + l.competence_level + 1 end as box,
    to_json({
        'competence': l.competence_components,
        'potential': l.potential_components,
        'peer_group': { 'name': l.peer_group, 'peers': l.peers },
        'tertiles': {
            'competence': [l.competence_low_cut, l.competence_high_cut],
            'potential': [l.potential_low_cut, l.potential_high_cut]
        },
        'levels': { 'competence': l.competence_level, 'potential': l.potential_level }
    }) as components,
    l.peer_group,
    l.competence_level,
    l.potential_level,
    s.name,
    cur.unit_id,
    cur.unit_name,
    cur.district
from levelled as l
left join stg_staff as s using (staff_id)
left join int_staff_current as cur using (staff_id)
