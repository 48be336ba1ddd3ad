-- grain: one row per tenure spell (person × rule × spell); auxiliaries (协管员) are outside the rules
select
    sp.staff_id,
    sp.rule_id,
    sp.lineage_id,
    sp.unit_id,
    sp.position,
    sp.spell_start,
    sp.spell_end,
    sp.limit_years,
    sp.due_date,
    sp.spell_no,
    sp.first_unit_id,
    sp.is_principal,
    sp.postings,
    sp.posting_ids,
    (sp.spell_start <= as_of() and (sp.spell_end is null or sp.spell_end >= as_of())) as is_open
from int_posting_spells as sp
join stg_staff as s using (staff_id)
where not list_contains(from_json(param('rotation', 'excluded_categories'), '["VARCHAR"]'), s.category)
