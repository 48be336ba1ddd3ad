-- grain: one row per major name (and code) as written in the staff files that matches no catalogue entry
-- For an analyst to map: add the spelling to data/reference/major_aliases.csv and refresh.
select
    m.major,
    m.major_code,
    m.major_level,
    count(*)::int as people,
    count(*) filter (where cur.in_service)::int as in_service,
    count(*) filter (where list_contains(from_json(param('recruitment', 'channels'), '["VARCHAR"]'), s.recruitment_channel))::int as recruits,
    list(m.staff_id order by m.staff_id)[1:5] as example_staff_ids
from int_major_category as m
join stg_staff as s using (staff_id)
left join int_staff_current as cur using (staff_id)
where m.unmatched
group by m.major, m.major_code, m.major_level
order by people desc, m.major
