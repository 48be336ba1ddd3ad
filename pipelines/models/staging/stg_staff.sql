-- grain: one row per person (人员); id_number is already masked by the loader, id_hash beside it
select
    staff_id,
    name,
    gender,
    birth_date,
    id_number,
    id_hash,
    political_status,
    education,
    degree,
    major,
    major_code,
    work_start_date,
    join_date,
    category,
    recruitment_channel,
    status,
    status_date,
    legal_qualification,
    _file as source_file,
    _row as source_row
from src_staff
