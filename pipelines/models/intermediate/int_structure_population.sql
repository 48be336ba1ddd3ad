-- grain: one row per person × snapshot date (as_of and the last structure.history_years year ends):
-- the person's unit, district and band in each structure dimension on that date
-- In service on a date: joined by then, and status 在职 or a status change after that date. Unit: the
-- 任职 posting running that day (the latest started when several). Rank: the rank held that day.
-- Education and major are taken as recorded now (the sources keep no history of them). District: the
-- unit's or its nearest ancestor's; null for city-level units and people without a posting.
with settings as (
    select
        from_json(param('structure', 'excluded_categories'), '["VARCHAR"]') as excluded_categories,
        param('structure', 'history_years')::int as history_years,
        from_json(param('structure', 'age_bands'), '[{"band": "VARCHAR", "max_age": "INTEGER"}]') as age_bands,
        param('structure', 'major_bands') as major_bands,
        json_extract_string(param('structure', 'unknown_band'), '$') as unknown_band
),

dates as (
    select as_of() as snapshot_date, true as is_as_of
    union all
    select make_date(y::int, 12, 31), false
    from settings, range(year(as_of()) - settings.history_years, year(as_of())) as r(y)
    where make_date(y::int, 12, 31) < as_of()
),

people as (
    select
        d.snapshot_date,
        d.is_as_of,
        s.staff_id,
        s.birth_date,
        s.education,
        coalesce(s.legal_qualification, false) as legal_qualification,
        m.category as major_category,
        coalesce(m.is_law, false) as law_major,
        coalesce(m.is_it, false) as it_major
    from dates as d
    cross join stg_staff as s
    cross join settings
    left join int_major_category as m on m.staff_id = s.staff_id
    where s.join_date <= d.snapshot_date
      and (s.status = '在职' or s.status_date > d.snapshot_date)
      and not list_contains(settings.excluded_categories, s.category)
),

-- postings and ranks are matched to the snapshot dates (a handful) and then to the people, rather than
-- joined to every person × date first: the same rows, without the multi-million-row intermediate join
postings as (
    select
        d.snapshot_date,
        p.staff_id,
        p.unit_id,
        ud.district
    from dates as d
    join int_postings as p
        on p.start_date <= d.snapshot_date
        and (p.end_date is null or p.end_date >= d.snapshot_date)
    left join int_structure_unit_district as ud on ud.unit_id = p.unit_id
    where not p.is_loan
    qualify row_number() over (partition by d.snapshot_date, p.staff_id order by p.start_date desc, p.posting_id desc) = 1
),

ranks as (
    select
        d.snapshot_date,
        h.staff_id,
        h.rank,
        h.level + case when h.ladder = 'enforcement' then 1 else 0 end as rank_order
    from dates as d
    join int_rank_history as h
        on h.valid_from <= d.snapshot_date
        and (h.valid_to is null or h.valid_to > d.snapshot_date)
    qualify row_number() over (partition by d.snapshot_date, h.staff_id order by h.valid_from desc) = 1
),

ages as (
    select
        snapshot_date,
        staff_id,
        date_diff('year', birth_date, snapshot_date)
            - case when (birth_date + to_years(date_diff('year', birth_date, snapshot_date)))::date > snapshot_date then 1 else 0 end as age
    from people
    where birth_date is not null
),

-- bands looked up once per distinct age (null included) rather than per person × date
age_lookup as (
    select
        x.age,
        coalesce(
            (select b.band from (select unnest(settings.age_bands) as b) where b.max_age is null or x.age <= b.max_age order by b.max_age nulls last limit 1),
            settings.unknown_band) as age_band,
        coalesce(
            (select i from (select unnest(settings.age_bands) as b, generate_subscripts(settings.age_bands, 1) as i) where b.max_age is null or x.age <= b.max_age order by b.max_age nulls last limit 1),
            99) as age_order
    from (select distinct age from people left join ages using (snapshot_date, staff_id)) as x
    cross join settings
)

select
    pe.snapshot_date,
    pe.is_as_of,
    pe.staff_id,
    po.unit_id,
    po.district,
    a.age,
    al.age_band,
    al.age_order,
    coalesce(e.band, settings.unknown_band) as education_band,
    coalesce(e.band_order, 99) as education_order,
    coalesce(settings.major_bands ->> pe.major_category, settings.unknown_band) as major_band,
    coalesce(list_position(json_keys(settings.major_bands), pe.major_category), 99) as major_order,
    coalesce(r.rank, settings.unknown_band) as rank_band,
    coalesce(r.rank_order, 99) as rank_order,
    pe.law_major,
    pe.it_major,
    pe.legal_qualification,
    pe.law_major or pe.legal_qualification as legal_background
from people as pe
cross join settings
left join postings as po using (snapshot_date, staff_id)
left join ranks as r using (snapshot_date, staff_id)
left join ages as a using (snapshot_date, staff_id)
left join age_lookup as al on al.age is not distinct from a.age
left join ref_education_levels as e on e.education = pe.education
