import { makeCreditCode } from '../../../platform/identifiers.js';
import district from './demo-district.json' with { type: 'json' };
import { createRandom } from './random.js';
import { townRegionCode } from './regions.js';
import type { DemoDepartment } from './types.js';

export const ROOT_DEPARTMENT_KEY = 'qzf';
const DISTRICT_CODE = '440607';

// Subject type, positions 1–2 of the credit code: 11 government organ, 12 public institution (事业单位),
// 13 mass organisation under the establishment office (群团), 91 enterprise.
type SubjectType = '11' | '12' | '13' | '91';

interface DepartmentProfile {
  /** Pinyin initials as departments abbreviate themselves; also the prefix of demo usernames. */
  key: string;
  subjectType: SubjectType;
  /** How colleagues refer to the department, used in demo display names. */
  shortName: string;
}

const PROFILES: Record<string, DepartmentProfile> = {
  区数据统筹局: { key: 'sjtcj', subjectType: '11', shortName: '数据统筹局' },
  区政务服务数据管理局: { key: 'zsj', subjectType: '11', shortName: '政数局' },
  区发展和改革局: { key: 'fgj', subjectType: '11', shortName: '发改局' },
  区教育局: { key: 'jyj', subjectType: '11', shortName: '教育局' },
  区科学技术局: { key: 'kjj', subjectType: '11', shortName: '科技局' },
  区工业和信息化局: { key: 'gxj', subjectType: '11', shortName: '工信局' },
  佛山市公安局三水分局: { key: 'gaj', subjectType: '11', shortName: '公安分局' },
  区民政局: { key: 'mzj', subjectType: '11', shortName: '民政局' },
  区司法局: { key: 'sfj', subjectType: '11', shortName: '司法局' },
  区财政局: { key: 'czj', subjectType: '11', shortName: '财政局' },
  区人力资源和社会保障局: { key: 'rsj', subjectType: '11', shortName: '人社局' },
  佛山市自然资源局三水分局: { key: 'zrzyj', subjectType: '11', shortName: '自然资源分局' },
  佛山市生态环境局三水分局: { key: 'sthjj', subjectType: '11', shortName: '生态环境分局' },
  区住房城乡建设和水利局: { key: 'zjslj', subjectType: '11', shortName: '住建水利局' },
  区交通运输局: { key: 'jtj', subjectType: '11', shortName: '交通运输局' },
  区农业农村局: { key: 'nyncj', subjectType: '11', shortName: '农业农村局' },
  区商务局: { key: 'swuj', subjectType: '11', shortName: '商务局' },
  区文化广电旅游体育局: { key: 'wgltj', subjectType: '11', shortName: '文广旅体局' },
  区卫生健康局: { key: 'wjj', subjectType: '11', shortName: '卫健局' },
  区退役军人事务局: { key: 'tyjrj', subjectType: '11', shortName: '退役军人事务局' },
  区应急管理局: { key: 'yjj', subjectType: '11', shortName: '应急管理局' },
  区审计局: { key: 'sjj', subjectType: '11', shortName: '审计局' },
  区市场监督管理局: { key: 'scj', subjectType: '11', shortName: '市场监管局' },
  区统计局: { key: 'tjj', subjectType: '11', shortName: '统计局' },
  区医疗保障局: { key: 'ybj', subjectType: '11', shortName: '医保局' },
  区城市管理和综合执法局: { key: 'cgj', subjectType: '11', shortName: '城管执法局' },
  区信访局: { key: 'xfj', subjectType: '11', shortName: '信访局' },
  区行政服务中心: { key: 'xzfwzx', subjectType: '12', shortName: '行政服务中心' },
  国家税务总局佛山市三水区税务局: { key: 'swj', subjectType: '11', shortName: '税务局' },
  佛山市住房公积金管理中心三水分中心: { key: 'gjj', subjectType: '12', shortName: '公积金分中心' },
  区不动产登记中心: { key: 'bdc', subjectType: '12', shortName: '不动产登记中心' },
  区残疾人联合会: { key: 'cl', subjectType: '13', shortName: '残联' },
  区气象局: { key: 'qxj', subjectType: '11', shortName: '气象局' },
  区消防救援大队: { key: 'xfdd', subjectType: '11', shortName: '消防救援大队' },
  区人民法院: { key: 'fy', subjectType: '11', shortName: '区法院' },
  区总工会: { key: 'zgh', subjectType: '13', shortName: '总工会' },
  区妇女联合会: { key: 'fl', subjectType: '13', shortName: '妇联' },
  区供销合作联社: { key: 'gxs', subjectType: '12', shortName: '供销社' },
  西南街道办事处: { key: 'xnjd', subjectType: '11', shortName: '西南街道' },
  云东海街道办事处: { key: 'ydhjd', subjectType: '11', shortName: '云东海街道' },
  白坭镇人民政府: { key: 'bnz', subjectType: '11', shortName: '白坭镇' },
  乐平镇人民政府: { key: 'lpz', subjectType: '11', shortName: '乐平镇' },
  大塘镇人民政府: { key: 'dtz', subjectType: '11', shortName: '大塘镇' },
  芦苞镇人民政府: { key: 'lbz', subjectType: '11', shortName: '芦苞镇' },
  南山镇人民政府: { key: 'nsz', subjectType: '11', shortName: '南山镇' },
  三水燃气公司: { key: 'rqgs', subjectType: '91', shortName: '燃气公司' },
};

// Enterprises registered since 2015 carry organisation bodies like MA4UQ7B1; public bodies in the district
// kept their older all-digit organisation codes.
const BODY_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function organisationBody(subjectType: SubjectType, random: ReturnType<typeof createRandom>): string {
  if (subjectType === '91') {
    let tail = '';
    for (let i = 0; i < 5; i++) tail += random.pick([...BODY_ALPHABET]);
    return `MA4${tail}`;
  }
  return `00${String(random.int(0, 999_999)).padStart(6, '0')}`;
}

export function departmentShortName(key: string): string {
  if (key === ROOT_DEPARTMENT_KEY) return '区政府';
  const profile = Object.values(PROFILES).find((candidate) => candidate.key === key);
  if (!profile) throw new Error(`unknown demo department key ${key}`);
  return profile.shortName;
}

export function buildDepartments(): DemoDepartment[] {
  const random = createRandom('zhongshu-demo-departments');
  const usedBodies = new Set<string>();
  const creditCodeFor = (subjectType: SubjectType): string => {
    let body = organisationBody(subjectType, random);
    while (usedBodies.has(body)) body = organisationBody(subjectType, random);
    usedBodies.add(body);
    return makeCreditCode(subjectType, DISTRICT_CODE, body);
  };

  const departments: DemoDepartment[] = [
    {
      key: ROOT_DEPARTMENT_KEY,
      name: '佛山市三水区人民政府',
      nameEn: 'Sanshui District People\'s Government',
      kind: 'government',
      shortCode: '01',
      creditCode: creditCodeFor('11'),
      regionCode: DISTRICT_CODE,
      parentKey: null,
    },
  ];
  district.departments.forEach(([name, nameEn, kind], index) => {
    const profile = PROFILES[name];
    if (!profile) throw new Error(`demo-district.json names a department without a profile: ${name}`);
    departments.push({
      key: profile.key,
      name,
      nameEn,
      kind,
      shortCode: String(index + 2).padStart(2, '0'),
      creditCode: creditCodeFor(profile.subjectType),
      regionCode: kind === 'township' ? (townRegionCode(name) ?? DISTRICT_CODE) : DISTRICT_CODE,
      parentKey: ROOT_DEPARTMENT_KEY,
    });
  });
  return departments;
}
