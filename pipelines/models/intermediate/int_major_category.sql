-- grain: one row per person: the catalogue entry their major matches and its category (law / it / other)
-- Matching (rules.md §7): major_code first (exact, then without the T/K suffix letters, then its
-- 4-digit class), else the normalised name against catalogue names and ref_major_aliases (as written,
-- then without a parenthesised direction such as 法学(经济法方向)). The person's catalogue level
-- (研究生 / 本科) is preferred because some codes mean different things in the two catalogues
-- (0812 测绘类 / 计算机科学与技术). No match leaves category null: unmatched_majors lists those names.
with settings as (
    select
        from_json(param('major', 'graduate_educations'), '["VARCHAR"]') as graduate_educations,
        from_json(param('major', 'graduate_degrees'), '["VARCHAR"]') as graduate_degrees,
        '(' || array_to_string(from_json(param('major', 'name_suffixes'), '["VARCHAR"]'), '|') || ')$' as suffix_pattern,
        -- full-width digits, letters and parentheses as typed with a Chinese input method
        '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ（）' as fullwidth,
        '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz()' as halfwidth
),

-- the code normalised once per distinct code (null included) rather than once per person
code_keys as (
    select
        c.major_code,
        nullif(upper(regexp_replace(translate(coalesce(c.major_code, ''), settings.fullwidth, settings.halfwidth), '[\s　]', '', 'g')), '') as code_key
    from (select distinct major_code from stg_staff) as c
    cross join settings
),

people as (
    select
        s.staff_id,
        s.major,
        s.major_code,
        case
            when list_contains(settings.graduate_educations, s.education) or list_contains(settings.graduate_degrees, s.degree) then '研究生'
            else '本科'
        end as major_level,
        ck.code_key
    from stg_staff as s
    cross join settings
    left join code_keys as ck on ck.major_code is not distinct from s.major_code
),

-- every spelling to compare, catalogue and people alike, normalised by one expression below; people's
-- spellings once per distinct (level, major), joined back to the people in name_matches
spellings as (
    select 'catalogue' as side, level, code, name as spelling from ref_major_catalogue
    union all
    select 'alias', level, code, variant from ref_major_aliases
    union all
    select distinct 'person', major_level, null, major from people where major is not null
),

normalised as (
    select
        sp.*,
        regexp_replace(
            regexp_replace(
                lower(translate(sp.spelling, settings.fullwidth, settings.halfwidth)),
                '[\s　]', '', 'g'),
            settings.suffix_pattern, '') as name_key
    from spellings as sp
    cross join settings
),

keyed as (
    select *, nullif(regexp_replace(name_key, '\([^)]*\)', '', 'g'), '') as short_key
    from normalised
),

code_matches as (
    -- three equi-joins rather than one OR-join, which DuckDB would run as a nested loop
    select p.staff_id, c.level, c.code, 1 + case when c.level = p.major_level then 0 else 10 end as score
    from people as p
    join ref_major_catalogue as c on c.code = p.code_key
    union all
    select p.staff_id, c.level, c.code, 2 + case when c.level = p.major_level then 0 else 10 end
    from people as p
    join ref_major_catalogue as c on regexp_replace(c.code, '[A-Z]+$', '') = regexp_replace(p.code_key, '[A-Z]+$', '')
    where c.code <> p.code_key
    union all
    select p.staff_id, c.level, c.code, 3 + case when c.level = p.major_level then 0 else 10 end
    from people as p
    join ref_major_catalogue as c on length(c.code) = 4 and c.code = left(p.code_key, 4)
),

spelling_matches as (
    select
        k.level as person_level, k.spelling, r.level, r.code, r.side as matched_by,
        1 + case when r.side = 'catalogue' then 0 else 1 end + case when r.level = k.level then 0 else 10 end as score
    from keyed as k
    join keyed as r on r.name_key = k.name_key and r.side <> 'person'
    where k.side = 'person'
    union all
    select
        k.level, k.spelling, r.level, r.code, r.side,
        2 + case when r.side = 'catalogue' then 0 else 1 end + case when r.level = k.level then 0 else 10 end
    from keyed as k
    join keyed as r on r.short_key = k.short_key and r.side <> 'person'
    where k.side = 'person'
),

name_matches as (
    select p.staff_id, sm.level, sm.code, sm.matched_by, sm.score
    from spelling_matches as sm
    join people as p on p.major = sm.spelling and p.major_level = sm.person_level
),

best as (
    select staff_id, level, code, 'code' as matched_by, score from code_matches
    union all
    -- a name is only consulted when the code found nothing
    select staff_id, level, code, case matched_by when 'catalogue' then 'name' else 'alias' end, 100 + score
    from name_matches
    where staff_id not in (select staff_id from code_matches)
)

select
    p.staff_id,
    p.major,
    p.major_code,
    p.major_level,
    b.matched_by,
    c.level as catalogue_level,
    c.code as catalogue_code,
    c.name as catalogue_name,
    c.discipline,
    c.class_code,
    c.class,
    c.category,
    coalesce(c.category = 'law', false) as is_law,
    coalesce(c.category = 'it', false) as is_it,
    (b.code is null and (p.major is not null or p.code_key is not null)) as unmatched
from people as p
left join (
    -- the best match per person: lowest score, then code (an aggregate, not a window over every match)
    select staff_id, unnest(arg_min({ 'level': level, 'code': code, 'matched_by': matched_by }, { 'score': score, 'code': code }))
    from best
    group by staff_id
) as b using (staff_id)
left join ref_major_catalogue as c on c.level = b.level and c.code = b.code
