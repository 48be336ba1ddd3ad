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
        coalesce(m.is_it, false) as it_major,
        date_diff('year', s.birth_date, d.snapshot_date)
            - case when (s.birth_date + to_years(date_diff('year', s.birth_date, d.snapshot_date)))::date > d.snapshot_date then 1 else 0 end as age
    from dates as d
    cross join stg_staff as s
    cross join settings
    left join int_major_category as m on m.staff_id = s.staff_id
    where s.join_date <= d.snapshot_date
      and (s.status = '在职' or s.status_date > d.snapshot_date)
      and not list_contains(settings.excluded_categories, s.category)
),

-- postings and ranks are matched to the snapshot dates (a handful) and then to the people, rather than
-- joined to every person × date first: the same rows, without the multi-million-row intermediate join.
-- The posting running that day is the latest started, then the highest posting_id: posting_id follows
-- start_date within a person (stg_postings numbers them in staff_id, start_date order), so it is the
-- highest posting_id, a plain max rather than a window over millions of rows.
running_postings as (
    select d.snapshot_date, p.staff_id, max(p.posting_id) as posting_id
    from dates as d
    join int_postings as p
        on p.start_date <= d.snapshot_date
        and (p.end_date is null or p.end_date >= d.snapshot_date)
    where not p.is_loan
    group by d.snapshot_date, p.staff_id
),

postings as (
    select rp.snapshot_date, rp.staff_id, p.unit_id, ud.district
    from running_postings as rp
    join int_postings as p using (posting_id)
    left join int_structure_unit_district as ud on ud.unit_id = p.unit_id
),

-- At most one rank record holds on a date: int_rank_history's valid_to is the next record's valid_from
-- (same person, in timeline order), so the [valid_from, valid_to) intervals never overlap. No ranking needed.
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
    from (select distinct age from people) as x
    cross join settings
)

select
    pe.snapshot_date,
    pe.is_as_of,
    pe.staff_id,
    po.unit_id,
    po.district,
    pe.age,
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
left join age_lookup as al on al.age is not distinct from pe.age
left join ref_education_levels as e on e.education = pe.education
