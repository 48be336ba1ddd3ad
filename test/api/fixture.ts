// A small hand-made snapshot with the data-contract tables: a city, two districts, three squads,
// an office; people in each. Written as a real DuckDB file and published the way publish.ts does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Db } from '../../pipelines/db.ts';
import { dataPaths, type DataPaths } from '../../pipelines/config.ts';
import { switchCurrent } from '../../pipelines/publish.ts';

export const AS_OF = '2025-06-30';

/** People by district: D1 (浦东新区) holds P1–P3, D2 (黄浦区) P4–P5, the city office P6. */
export const people = {
  d1: ['P1', 'P2', 'P3'],
  d2: ['P4', 'P5'],
  city: ['P6'],
};

export async function writeSnapshot(paths: DataPaths, runId: string, asOf = AS_OF): Promise<string> {
  fs.mkdirSync(paths.snapshots, { recursive: true });
  const file = path.join(paths.snapshots, `${runId}.duckdb`);
  const db = await Db.open(file);
  await db.run(`
    create table pipeline_run as select '${runId}' as run_id, '${asOf}'::date as as_of, now() as started_at, now() as finished_at, 'published' as status, '[]'::json as source_files, '{}'::json as row_counts;
    create table rule_params (rule_id varchar, param varchar, value varchar, source varchar, note varchar);
    insert into rule_params values ('rotation','approaching_months','12','rules.md',null), ('rotation','retirement_exempt_years','2','rules.md',null),
      ('rotation','rule_ids','["leader_5y","staff_10y","office_leader_10y"]','rules.md',null),
      ('rotation','status_labels','{"reached":"已满期","approaching":"即将满期"}','rules.md',null),
      ('leader_5y','unit_type','"中队"','seed',null), ('leader_5y','principal','true','seed',null), ('leader_5y','label','"基层中队主要负责人同一职位任职满5年"','seed',null),
      ('staff_10y','unit_type','"中队"','seed',null), ('staff_10y','principal','false','seed',null), ('staff_10y','label','"其他执法人员同一中队工作满10年"','seed',null),
      ('office_leader_10y','unit_type','"机关科室"','seed',null), ('office_leader_10y','principal','true','seed',null), ('office_leader_10y','label','"机关科室负责人同一职位任职满10年"','seed',null);
    create table units (unit_id varchar, unit_name varchar, unit_type varchar, parent_id varchar, district varchar, street varchar, lineage_id varchar, path varchar);
    insert into units values
      ('C0','市城管执法局','市局',null,null,null,'C0','/C0/'),
      ('O0','市局法制科','机关科室','C0',null,null,'O0','/C0/O0/'),
      ('D1','浦东新区城管执法局','区局','C0','浦东新区',null,'D1','/C0/D1/'),
      ('S1a','花木中队','中队','D1',null,'花木街道','S1a','/C0/D1/S1a/'),
      ('S1b','陆家嘴中队','中队','D1',null,'陆家嘴街道','S1b','/C0/D1/S1b/'),
      ('D2','黄浦区城管执法局','区局','C0','黄浦区',null,'D2','/C0/D2/'),
      ('S2a','外滩中队','中队','D2',null,'外滩街道','S2a','/C0/D2/S2a/');
    create table staff (staff_id varchar, name varchar, gender varchar, birth_date date, id_number varchar, id_hash varchar, education varchar, category varchar, status varchar, status_date date, join_date date, unit_id varchar, unit_name varchar, district varchar, retirement_date date);
    insert into staff values
      ('P1','张伟','男','1980-03-01','310101********123X','h1','大学本科','行政执法类公务员','在职',null,'2005-07-01','S1a','花木中队','浦东新区','2043-03-01'),
      ('P2','李娜','女','1990-05-01','310101********2345','h2','硕士研究生','行政执法类公务员','在职',null,'2014-07-01','S1a','花木中队','浦东新区','2046-05-01'),
      ('P3','王强','男','1966-01-10','310101********3456','h3','大专','行政执法类公务员','在职',null,'1990-07-01','S1b','陆家嘴中队','浦东新区','2026-05-10'),
      ('P4','赵敏','女','1985-08-01','310101********4567','h4','大学本科','行政执法类公务员','在职',null,'2008-07-01','S2a','外滩中队','黄浦区','2041-08-01'),
      ('P5','钱刚','男','1975-02-01','310101********5678','h5','大学本科','行政执法类公务员','在职',null,'2000-07-01','S2a','外滩中队','黄浦区','2037-02-01'),
      ('P6','孙丽','女','1978-11-01','310101********6789','h6','大学本科','综合管理类公务员','在职',null,'2001-07-01','O0','市局法制科',null,'2034-11-01');
    -- as the staff mart publishes them: in service and age at as_of
    alter table staff add column in_service boolean;
    alter table staff add column age integer;
    update staff set in_service = status = '在职', age = date_diff('year', birth_date, date '${asOf}');
    create table posting_history (staff_id varchar, unit_id varchar, unit_name varchar, position varchar, start_date date, end_date date, posting_type varchar, is_principal boolean);
    insert into posting_history values
      ('P1','S1a','花木中队','中队长','2019-01-01',null,'任职',true),
      ('P2','S1a','花木中队','队员','2015-01-01',null,'任职',false),
      ('P3','S1b','陆家嘴中队','队员','2014-09-01',null,'任职',false),
      ('P4','S2a','外滩中队','中队长','2020-03-01',null,'任职',true),
      ('P5','S2a','外滩中队','队员','2015-06-01',null,'任职',false),
      ('P5','S1a','花木中队','队员','2024-01-01',null,'借调',false),
      ('P6','O0','市局法制科','科长','2014-01-01',null,'任职',true);
    create table rotation_spells (staff_id varchar, rule_id varchar, lineage_id varchar, unit_id varchar, position varchar, spell_start date, spell_end date, limit_years integer, due_date date);
    insert into rotation_spells values
      ('P1','leader_5y','S1a','S1a','中队长','2019-01-01',null,5,'2024-01-01'),
      ('P2','staff_10y','S1a','S1a','队员','2015-01-01',null,10,'2025-01-01'),
      ('P3','staff_10y','S1b','S1b','队员','2014-09-01',null,10,'2024-09-01'),
      ('P4','leader_5y','S2a','S2a','中队长','2020-03-01',null,5,'2025-03-01'),
      ('P5','staff_10y','S2a','S2a','队员','2015-06-01',null,10,'2025-06-01'),
      ('P6','office_leader_10y','O0','O0','科长','2014-01-01',null,10,'2024-01-01');
    create table rotation_due as
      select s.staff_id, st.name, s.unit_id, u.unit_name, coalesce(u.district, p.district) as district, s.rule_id, s.position, s.spell_start, s.due_date,
             round(datediff('day', s.spell_start, '${asOf}'::date) / 365.25, 1) as tenure_years,
             case when '${asOf}'::date >= s.due_date then 'reached' else 'approaching' end as status,
             st.retirement_date, st.retirement_date <= '${asOf}'::date + interval 2 year as exempt,
             case when st.retirement_date <= '${asOf}'::date + interval 2 year then 'near_retirement' end as exempt_reason
      from rotation_spells s join staff st using (staff_id) join units u on u.unit_id = s.unit_id left join units p on p.unit_id = u.parent_id
      where s.due_date <= '${asOf}'::date + interval 12 month;
    create table long_loans (staff_id varchar, name varchar, home_unit_id varchar, home_unit_name varchar, home_district varchar, loan_unit_id varchar, loan_unit_name varchar, posting_type varchar, start_date date, end_date date, days integer);
    insert into long_loans values ('P5','钱刚','S2a','外滩中队','黄浦区','S1a','花木中队','借调','2024-01-01',null,546);
    create table promotion_eligibility (staff_id varchar, current_rank varchar, rank_since date, next_rank varchar, counted_years double, required_years double, eligible_date date, status varchar, reasons json);
    insert into promotion_eligibility values
      ('P1','一级主办','2020-01-01','四级高级主办',5.5,2,'2022-01-01','eligible','[]'),
      ('P2','二级主办','2023-01-01','一级主办',2.5,2,'2025-01-01','eligible','[]'),
      ('P4','一级主办','2022-01-01','四级高级主办',3.5,2,'2024-01-01','eligible','[]'),
      ('P5','三级主办','2024-01-01','二级主办',1.5,2,'2026-01-01','soon','[]');
    create table training_compliance (staff_id varchar, requirement_id varchar, period varchar, required double, done double, status varchar, detail varchar);
    insert into training_compliance values ('P1','annual_hours','2025',90,40,'gap',null), ('P4','annual_hours','2025',90,20,'gap',null), ('P6','provincial_3y','2023-2025',1,0,'overdue',null);
    create table talent_pool_candidates (staff_id varchar, pool varchar, action varchar, criteria json);
    insert into talent_pool_candidates values ('P2','youth','enter','[{"criterion":"age","value":35,"pass":true}]'), ('P4','enforcement','enter','[]'), ('P1','management','enter','[]');
    create table profile_scores (staff_id varchar, competence double, potential double, box integer, components json);
    insert into profile_scores values ('P1',80,60,6,'{"appraisal":{"score":90,"weight":35}}'), ('P4',70,70,5,'{}');
    create table structure_facts (unit_id varchar, dimension varchar, band varchar, headcount integer, as_of date);
    insert into structure_facts values ('C0','age','31–35',2,'${asOf}'), ('D1','age','31–35',1,'${asOf}'), ('D2','age','36–40',1,'${asOf}'), ('S2a','age','36–40',1,'${asOf}');
    create table recruitment_ratios (year integer, district varchar, recruits integer, law integer, it integer, law_share double, it_share double, planned_total integer, planned_law integer, planned_it integer);
    insert into recruitment_ratios values (2024,'全市',10,3,2,0.3,0.2,12,4,2), (2024,'浦东新区',6,2,1,0.33,0.17,null,null,null);
    create table workforce_legal_share (year integer, as_of date, is_run_as_of boolean, district varchar, headcount integer, legal integer, legal_share double);
    insert into workforce_legal_share values (2025,'${asOf}',true,'全市',6,2,0.3333), (2025,'${asOf}',true,'浦东新区',3,1,0.3333), (2025,'${asOf}',true,'黄浦区',2,1,0.5);
    insert into rule_params values ('recruitment','city_label','"全市"','contract',null);
    create table rank_history (staff_id varchar, rank varchar, effective_date date);
    insert into rank_history values ('P1','一级主办','2020-01-01'), ('P4','一级主办','2022-01-01');
    create table appraisal_history (staff_id varchar, year integer, grade varchar);
    insert into appraisal_history values ('P1',2024,'优秀'), ('P4',2024,'称职');
    create table training_records (staff_id varchar, course varchar, category varchar, start_date date, hours double);
    create table award_records (staff_id varchar, date date, kind varchar, title varchar);
    create table changes (staff_id varchar, domain varchar, change varchar, detail varchar);
    insert into changes values ('P2','rotation','newly_due','2025-01-01'), ('P4','rotation','newly_due','2025-03-01');
    create table rejects (run_id varchar, file varchar, sheet varchar, row_number integer, column_name varchar, value varchar, code varchar, message varchar);
    insert into rejects values ('${runId}','人员.csv',null,5,'birth_date','1990-13-01','bad_date','日期无效');
    create table warnings (run_id varchar, file varchar, sheet varchar, row_number integer, column_name varchar, value varchar, code varchar, message varchar);
  `);
  db.close();
  return file;
}

export async function publishSnapshot(paths: DataPaths, runId: string, asOf = AS_OF): Promise<void> {
  const file = await writeSnapshot(paths, runId, asOf);
  switchCurrent(paths, file);
}

export function tempDataDir(): DataPaths {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-api-'));
  return dataPaths(dir);
}
