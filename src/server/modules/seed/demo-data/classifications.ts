import type { ClassificationView, DemoClassification, DemoDepartment } from './types.js';

// Codes follow migrations/0003_catalog.sql: 类 (1 digit: 1 base, 2 theme, 3 department) + 项 (2) + 目 (3).
type Branch = [code: string, name: string, nameEn: string, leaves: Array<[code: string, name: string, nameEn: string]>];

const BASE: Branch[] = [
  ['101', '人口', 'Population', [
    ['001', '人口基本信息', 'Basic population information'],
    ['002', '户籍与居住', 'Household registration and residence'],
    ['003', '婚姻与生育', 'Marriage and births'],
    ['004', '社会保障与就业', 'Social security and employment'],
    ['005', '教育与健康', 'Education and health'],
  ]],
  ['102', '法人', 'Legal entities', [
    ['001', '市场主体', 'Market entities'],
    ['002', '机关和事业单位', 'Government bodies and public institutions'],
    ['003', '社会组织', 'Social organisations'],
    ['004', '法人资质', 'Qualifications of legal entities'],
  ]],
  ['103', '自然资源和空间地理', 'Natural resources and spatial geography', [
    ['001', '基础地理', 'Basic geography'],
    ['002', '国土空间规划', 'Territorial spatial planning'],
    ['003', '土地和不动产', 'Land and real estate'],
    ['004', '水、林和矿产资源', 'Water, forest and mineral resources'],
    ['005', '气象和环境监测', 'Meteorological and environmental monitoring'],
  ]],
  ['104', '社会信用', 'Social credit', [
    ['001', '法人信用', 'Credit of legal entities'],
    ['002', '自然人信用', 'Credit of natural persons'],
    ['003', '信用评价', 'Credit ratings'],
  ]],
  ['105', '电子证照', 'E-certificates', [
    ['001', '个人证照', 'Certificates of natural persons'],
    ['002', '法人证照', 'Certificates of legal entities'],
    ['003', '证照目录', 'Certificate catalogue'],
  ]],
];

const THEME: Branch[] = [
  ['201', '政务服务', 'Government services', [
    ['001', '服务事项', 'Service items'],
    ['002', '办件与评价', 'Cases and ratings'],
    ['003', '服务渠道', 'Service channels'],
  ]],
  ['202', '信用', 'Credit', [
    ['001', '行政许可', 'Administrative licences'],
    ['002', '行政处罚', 'Administrative penalties'],
    ['003', '联合奖惩', 'Joint rewards and sanctions'],
  ]],
  ['203', '社会救助', 'Social assistance', [
    ['001', '最低生活保障', 'Minimum living allowance'],
    ['002', '特困人员救助供养', 'Support for persons in extreme poverty'],
    ['003', '临时救助和专项救助', 'Temporary and special assistance'],
    ['004', '家庭经济状况核对', 'Household economic verification'],
  ]],
  ['204', '综合治税', 'Comprehensive tax administration', [
    ['001', '税源登记', 'Tax source registration'],
    ['002', '涉税信息', 'Tax-related information'],
    ['003', '税收收入', 'Tax revenue'],
  ]],
  ['205', '城市管理', 'Urban management', [
    ['001', '市容环卫', 'City appearance and sanitation'],
    ['002', '市政设施', 'Municipal facilities'],
    ['003', '网格化治理', 'Grid-based governance'],
  ]],
  ['206', '生态环境', 'Ecology and environment', [
    ['001', '环境质量', 'Environmental quality'],
    ['002', '污染源监管', 'Pollution source supervision'],
  ]],
  ['207', '公共安全', 'Public safety', [
    ['001', '安全生产', 'Work safety'],
    ['002', '应急管理', 'Emergency management'],
    ['003', '消防安全', 'Fire safety'],
    ['004', '社会治安', 'Public order'],
  ]],
  ['208', '医疗卫生', 'Health care', [
    ['001', '医疗服务', 'Medical services'],
    ['002', '公共卫生', 'Public health'],
    ['003', '医疗保障', 'Medical insurance'],
  ]],
  ['209', '教育', 'Education', [
    ['001', '学校和学生', 'Schools and students'],
    ['002', '教师', 'Teachers'],
  ]],
  ['210', '交通', 'Transport', [
    ['001', '公共交通', 'Public transport'],
    ['002', '道路运输', 'Road transport'],
    ['003', '交通设施', 'Transport infrastructure'],
  ]],
  ['211', '住房保障', 'Housing security', [
    ['001', '保障性住房', 'Affordable housing'],
    ['002', '房地产市场', 'Property market'],
  ]],
  ['212', '就业创业', 'Employment and entrepreneurship', [
    ['001', '就业服务', 'Employment services'],
    ['002', '创业扶持', 'Entrepreneurship support'],
  ]],
  ['213', '养老服务', 'Elderly care', [
    ['001', '养老机构和服务', 'Care homes and services'],
    ['002', '老年人福利', 'Welfare for the elderly'],
  ]],
  ['214', '农业农村', 'Agriculture and rural affairs', [
    ['001', '农业生产', 'Agricultural production'],
    ['002', '农村集体经济', 'Rural collective economy'],
  ]],
  ['215', '文化旅游', 'Culture and tourism', [
    ['001', '文化设施和文物', 'Cultural facilities and heritage'],
    ['002', '旅游', 'Tourism'],
  ]],
];

/** The classification slugs of demo-district.json → the 项 code they stand for ('department' → the view). */
export const VIEW_SLUG_CODES: Record<string, string> = {
  'base/population': '101',
  'base/legal-entity': '102',
  'base/natural-resources': '103',
  'base/credit': '104',
  'base/e-certificate': '105',
  'theme/government-services': '201',
  'theme/credit': '202',
  'theme/social-assistance': '203',
  'theme/tax': '204',
  department: '3',
};

/** The one 目 every department has in the department view: 3 + its short code + 001 (综合). */
export function departmentClassificationCode(shortCode: string): string {
  return `3${shortCode}001`;
}

function addBranches(list: DemoClassification[], view: ClassificationView, branches: Branch[]): void {
  for (const [code, name, nameEn, leaves] of branches) {
    list.push({ code, view, level: 2, name, nameEn, parentCode: code[0] });
    for (const [leaf, leafName, leafNameEn] of leaves) {
      list.push({ code: code + leaf, view, level: 3, name: leafName, nameEn: leafNameEn, parentCode: code });
    }
  }
}

export function buildClassifications(departments: DemoDepartment[]): DemoClassification[] {
  const list: DemoClassification[] = [
    { code: '1', view: 'base', level: 1, name: '基础信息资源', nameEn: 'Base resources', parentCode: null },
  ];
  addBranches(list, 'base', BASE);
  list.push({ code: '2', view: 'theme', level: 1, name: '主题信息资源', nameEn: 'Theme resources', parentCode: null });
  addBranches(list, 'theme', THEME);
  list.push({
    code: '3', view: 'department', level: 1, name: '部门信息资源', nameEn: 'Department resources', parentCode: null,
  });
  for (const department of departments) {
    const code = `3${department.shortCode}`;
    list.push({ code, view: 'department', level: 2, name: department.name, nameEn: department.nameEn, parentCode: '3' });
    list.push({
      code: departmentClassificationCode(department.shortCode),
      view: 'department',
      level: 3,
      name: '综合',
      nameEn: 'General',
      parentCode: code,
    });
  }
  return list;
}
