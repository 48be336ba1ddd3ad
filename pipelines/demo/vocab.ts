// Vocabulary of the synthetic data: places, names, majors, titles. Realistic spellings only;
// none of it is policy (the rules read their own parameters from pipelines/rules/).

export interface DistrictDef {
  name: string;
  /** Administrative division code (GB/T 2260), also the prefix of unit codes and of local id numbers. */
  code: string;
  streets: string[];
}

export const shanghaiDistricts: DistrictDef[] = [
  { name: '浦东新区', code: '310115', streets: ['潍坊新村街道', '陆家嘴街道', '周家渡街道', '塘桥街道', '上钢新村街道', '南码头路街道', '沪东新村街道', '金杨新村街道', '洋泾街道', '浦兴路街道', '东明路街道', '花木街道', '川沙新镇', '高桥镇', '北蔡镇', '合庆镇', '唐镇', '曹路镇', '金桥镇', '高行镇', '高东镇', '张江镇', '三林镇', '惠南镇', '周浦镇', '新场镇', '大团镇', '康桥镇', '航头镇', '祝桥镇', '泥城镇', '宣桥镇', '书院镇', '万祥镇', '老港镇', '南汇新城镇'] },
  { name: '黄浦区', code: '310101', streets: ['南京东路街道', '外滩街道', '半淞园路街道', '小东门街道', '豫园街道', '老西门街道', '五里桥街道', '打浦桥街道', '淮海中路街道', '瑞金二路街道'] },
  { name: '静安区', code: '310106', streets: ['江宁路街道', '石门二路街道', '南京西路街道', '静安寺街道', '曹家渡街道', '天目西路街道', '北站街道', '宝山路街道', '芷江西路街道', '共和新路街道', '大宁路街道', '彭浦新村街道', '临汾路街道', '彭浦镇'] },
  { name: '徐汇区', code: '310104', streets: ['天平路街道', '湖南路街道', '斜土路街道', '枫林路街道', '长桥街道', '田林街道', '虹梅路街道', '康健新村街道', '徐家汇街道', '凌云路街道', '龙华街道', '漕河泾街道', '华泾镇'] },
  { name: '长宁区', code: '310105', streets: ['华阳路街道', '江苏路街道', '新华路街道', '周家桥街道', '天山路街道', '仙霞新村街道', '虹桥街道', '程家桥街道', '北新泾街道', '新泾镇'] },
  { name: '普陀区', code: '310107', streets: ['曹杨新村街道', '长风新村街道', '长寿路街道', '甘泉路街道', '石泉路街道', '宜川路街道', '万里街道', '真如镇街道', '长征镇', '桃浦镇'] },
  { name: '虹口区', code: '310109', streets: ['欧阳路街道', '曲阳路街道', '广中路街道', '嘉兴路街道', '凉城新村街道', '四川北路街道', '北外滩街道', '江湾镇街道'] },
  { name: '杨浦区', code: '310110', streets: ['定海路街道', '平凉路街道', '江浦路街道', '四平路街道', '控江路街道', '长白新村街道', '延吉新村街道', '殷行街道', '大桥街道', '五角场街道', '新江湾城街道', '长海路街道'] },
  { name: '闵行区', code: '310112', streets: ['江川路街道', '古美街道', '新虹街道', '浦锦街道', '莘庄镇', '七宝镇', '颛桥镇', '华漕镇', '虹桥镇', '梅陇镇', '吴泾镇', '马桥镇', '浦江镇', '莘庄工业区'] },
  { name: '宝山区', code: '310113', streets: ['友谊路街道', '吴淞街道', '张庙街道', '庙行镇', '淞南镇', '高境镇', '大场镇', '杨行镇', '月浦镇', '罗店镇', '顾村镇', '罗泾镇'] },
  { name: '嘉定区', code: '310114', streets: ['新成路街道', '真新街道', '嘉定镇街道', '南翔镇', '安亭镇', '马陆镇', '徐行镇', '华亭镇', '外冈镇', '江桥镇', '菊园新区', '嘉定工业区'] },
  { name: '金山区', code: '310116', streets: ['石化街道', '朱泾镇', '枫泾镇', '张堰镇', '亭林镇', '吕巷镇', '廊下镇', '金山卫镇', '漕泾镇', '山阳镇', '金山工业区'] },
  { name: '松江区', code: '310117', streets: ['岳阳街道', '永丰街道', '方松街道', '中山街道', '广富林街道', '九里亭街道', '泗泾镇', '佘山镇', '车墩镇', '新桥镇', '洞泾镇', '九亭镇', '泖港镇', '石湖荡镇', '新浜镇', '叶榭镇', '小昆山镇'] },
  { name: '青浦区', code: '310118', streets: ['夏阳街道', '盈浦街道', '香花桥街道', '朱家角镇', '练塘镇', '金泽镇', '赵巷镇', '徐泾镇', '华新镇', '重固镇', '白鹤镇'] },
  { name: '奉贤区', code: '310120', streets: ['西渡街道', '奉浦街道', '金海街道', '南桥镇', '奉城镇', '庄行镇', '金汇镇', '四团镇', '青村镇', '柘林镇', '海湾镇'] },
  { name: '崇明区', code: '310151', streets: ['城桥镇', '堡镇', '新河镇', '庙镇', '竖新镇', '向化镇', '三星镇', '港沿镇', '中兴镇', '陈家镇', '绿华镇', '港西镇', '建设镇', '新海镇', '东平镇', '长兴镇', '新村乡', '横沙乡'] },
];

/** Cities standing in for districts at national scale (name, division code). */
export const nationalCities: [string, string][] = [
  ['北京市', '110100'], ['天津市', '120100'], ['石家庄市', '130100'], ['唐山市', '130200'], ['太原市', '140100'],
  ['呼和浩特市', '150100'], ['沈阳市', '210100'], ['大连市', '210200'], ['长春市', '220100'], ['哈尔滨市', '230100'],
  ['南京市', '320100'], ['无锡市', '320200'], ['徐州市', '320300'], ['常州市', '320400'], ['苏州市', '320500'],
  ['南通市', '320600'], ['杭州市', '330100'], ['宁波市', '330200'], ['温州市', '330300'], ['合肥市', '340100'],
  ['福州市', '350100'], ['厦门市', '350200'], ['南昌市', '360100'], ['济南市', '370100'], ['青岛市', '370200'],
  ['郑州市', '410100'], ['洛阳市', '410300'], ['武汉市', '420100'], ['长沙市', '430100'], ['广州市', '440100'],
  ['深圳市', '440300'], ['佛山市', '440600'], ['东莞市', '441900'], ['南宁市', '450100'], ['海口市', '460100'],
  ['重庆市', '500100'], ['成都市', '510100'], ['贵阳市', '520100'], ['昆明市', '530100'], ['拉萨市', '540100'],
  ['西安市', '610100'], ['兰州市', '620100'], ['西宁市', '630100'], ['银川市', '640100'], ['乌鲁木齐市', '650100'],
];

/** Syllables for street names of the national scale (first × second character). */
export const streetFirst = '东西南北中新长永安和平兴华光明红旗建设人民胜利解放文化朝阳青年花园滨江湖滨山水龙凤金银丰宝福康泰瑞祥云霞嘉宁'.split('');
export const streetSecond = '门桥湾塘岗庄园坊路街村里桥林山湖港关堡口店集坝'.split('');

/** Birthplace division codes for people not born where they work. */
export const birthplaceCodes = [
  '320102', '320205', '320583', '330106', '330203', '340104', '340202', '350102', '360102', '370102', '370202',
  '410105', '411302', '420106', '430102', '440106', '450103', '510104', '511302', '130102', '140105', '210102',
  '220102', '230102', '500103', '610103', '620102', '532301', '342401', '321282',
];

export const surnames: [string, number][] = [
  ['王', 72], ['李', 70], ['张', 68], ['刘', 54], ['陈', 51], ['杨', 34], ['黄', 25], ['赵', 22], ['吴', 21], ['周', 20],
  ['徐', 18], ['孙', 16], ['马', 15], ['朱', 15], ['胡', 14], ['郭', 13], ['何', 12], ['高', 11], ['林', 11], ['罗', 10],
  ['郑', 10], ['梁', 9], ['谢', 8], ['宋', 8], ['唐', 7], ['许', 7], ['韩', 7], ['冯', 6], ['邓', 6], ['曹', 6],
  ['彭', 6], ['曾', 5], ['肖', 5], ['田', 5], ['董', 5], ['袁', 5], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4],
  ['余', 4], ['杜', 4], ['叶', 4], ['程', 4], ['苏', 4], ['魏', 4], ['吕', 4], ['丁', 4], ['任', 3], ['沈', 5],
  ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 4], ['汪', 3], ['范', 3], ['金', 3],
  ['石', 3], ['廖', 3], ['贾', 3], ['夏', 3], ['韦', 2], ['方', 3], ['白', 2], ['邹', 2], ['孟', 2], ['熊', 2],
  ['秦', 2], ['邱', 2], ['江', 2], ['尹', 2], ['薛', 2], ['顾', 4], ['毛', 2], ['龚', 2], ['邵', 2], ['钱', 3],
  ['严', 2], ['戴', 2], ['孔', 1], ['汤', 1], ['欧阳', 1], ['司马', 0.2], ['诸葛', 0.1], ['上官', 0.1],
];

export const givenMale = '伟强磊军勇杰涛斌超明刚平辉鹏华飞俊峰建国志浩宇晨亮波健文斌凯鑫皓然博轩子豪家俊一鸣海东振宁嘉诚天佑'.split('');
export const givenFemale = '芳娜敏静丽艳娟霞燕玲婷雪慧颖倩琳佳怡欣悦雯晶洁萍红梅兰琴瑶诗涵梓妍思雨晓丹'.split('');

export interface MajorDef {
  name: string;
  code: string | null;
  /** Variants people write instead of the catalogue name (name only, no code). */
  variants?: string[];
  kind: 'law' | 'it' | 'other';
  level: 'bachelor' | 'graduate' | 'college';
}

export const majors: MajorDef[] = [
  { name: '法学', code: '030101K', variants: ['法律', '法学（经济法方向）', '法学专业'], kind: 'law', level: 'bachelor' },
  { name: '知识产权', code: '030102T', kind: 'law', level: 'bachelor' },
  { name: '治安学', code: '030602K', kind: 'other', level: 'bachelor' },
  { name: '政治学与行政学', code: '030201', kind: 'other', level: 'bachelor' },
  { name: '社会学', code: '030301', kind: 'other', level: 'bachelor' },
  { name: '思想政治教育', code: '030503', kind: 'other', level: 'bachelor' },
  { name: '汉语言文学', code: '050101', variants: ['中文', '汉语言文学（师范）'], kind: 'other', level: 'bachelor' },
  { name: '英语', code: '050201', kind: 'other', level: 'bachelor' },
  { name: '新闻学', code: '050301', kind: 'other', level: 'bachelor' },
  { name: '计算机科学与技术', code: '080901', variants: ['计算机应用', '计算机', '计算机科学'], kind: 'it', level: 'bachelor' },
  { name: '软件工程', code: '080902', kind: 'it', level: 'bachelor' },
  { name: '网络工程', code: '080903', kind: 'it', level: 'bachelor' },
  { name: '信息安全', code: '080904K', kind: 'it', level: 'bachelor' },
  { name: '电子信息工程', code: '080701', kind: 'it', level: 'bachelor' },
  { name: '通信工程', code: '080703', kind: 'it', level: 'bachelor' },
  { name: '信息管理与信息系统', code: '120102', variants: ['信息管理'], kind: 'it', level: 'bachelor' },
  { name: '行政管理', code: '120402', variants: ['行政管理学'], kind: 'other', level: 'bachelor' },
  { name: '公共事业管理', code: '120401', kind: 'other', level: 'bachelor' },
  { name: '土地资源管理', code: '120404', kind: 'other', level: 'bachelor' },
  { name: '城乡规划', code: '082802', kind: 'other', level: 'bachelor' },
  { name: '土木工程', code: '081001', kind: 'other', level: 'bachelor' },
  { name: '环境工程', code: '082502', kind: 'other', level: 'bachelor' },
  { name: '会计学', code: '120203K', kind: 'other', level: 'bachelor' },
  { name: '工商管理', code: '120201K', kind: 'other', level: 'bachelor' },
  { name: '经济学', code: '020101', kind: 'other', level: 'bachelor' },
  { name: '金融学', code: '020301K', kind: 'other', level: 'bachelor' },
  { name: '数学与应用数学', code: '070101', kind: 'other', level: 'bachelor' },
  { name: '交通运输', code: '081801', kind: 'other', level: 'bachelor' },
  { name: '法学', code: '0301', kind: 'law', level: 'graduate' },
  { name: '法律', code: '0351', variants: ['法律硕士'], kind: 'law', level: 'graduate' },
  { name: '公共管理', code: '1252', variants: ['MPA'], kind: 'other', level: 'graduate' },
  { name: '计算机科学与技术', code: '0812', kind: 'it', level: 'graduate' },
  { name: '软件工程', code: '0835', kind: 'it', level: 'graduate' },
  { name: '网络空间安全', code: '0839', kind: 'it', level: 'graduate' },
  { name: '电子信息', code: '0854', kind: 'it', level: 'graduate' },
  { name: '政治学', code: '0302', kind: 'other', level: 'graduate' },
  { name: '法律事务', code: null, kind: 'law', level: 'college' },
  { name: '计算机应用技术', code: null, kind: 'it', level: 'college' },
  { name: '行政管理', code: null, kind: 'other', level: 'college' },
  { name: '物业管理', code: null, kind: 'other', level: 'college' },
  { name: '市场营销', code: null, kind: 'other', level: 'college' },
  { name: '建筑工程技术', code: null, kind: 'other', level: 'college' },
];

/** 行政执法类 ladder, low → high (rules.md §3 lists it high → low). */
export const enforcementRanks = ['二级行政执法员', '一级行政执法员', '四级主办', '三级主办', '二级主办', '一级主办', '四级高级主办', '三级高级主办', '二级高级主办', '一级高级主办', '督办'];
/** 综合管理类 ladder, low → high. */
export const generalRanks = ['二级科员', '一级科员', '四级主任科员', '三级主任科员', '二级主任科员', '一级主任科员', '四级调研员', '三级调研员', '二级调研员', '一级调研员', '二级巡视员', '一级巡视员'];

export const officeNames = ['办公室', '法制科', '勤务指挥科', '督察科', '组织人事科', '宣传教育科', '装备财务科', '执法监督科'];

export const inServiceCourses = ['城市管理执法业务轮训', '执法规范化建设专题培训', '行政处罚法专题学习', '执法记录仪规范使用培训', '文明执法与群众工作', '党史学习教育专题培训', '网上政务与数据安全', '市容环境卫生管理条例解读', '违法建筑治理实务', '应急处置与安全生产'];
export const specialCourses = ['执法办案系统操作培训', '法制审核实务专题班', '无人机巡查应用培训', '住房和城乡建设领域执法专题班', '生态环境执法专题班', '信息化执法装备应用培训'];
export const provincialCourses = ['全省城管执法系统处级干部进修班', '全国城管执法骨干培训班（部级）', '省委党校中青年干部培训班'];

export const awardTitles: Record<string, string[]> = {
  嘉奖: ['年度考核嘉奖', '专项整治工作嘉奖'],
  通报表扬: ['进博会保障工作通报表扬', '防汛防台工作通报表扬', '文明执法通报表扬'],
  三等功: ['年度考核记三等功', '专项执法行动记三等功'],
  二等功: ['重大任务保障记二等功'],
  一等功: ['抢险救灾记一等功'],
  荣誉称号: ['优秀执法队员', '执法标兵', '优秀共产党员'],
  警告: ['违反执法程序'],
  记过: ['执法过程不文明造成不良影响'],
  记大过: ['违反廉洁纪律'],
  降级: ['严重违反工作纪律'],
};
