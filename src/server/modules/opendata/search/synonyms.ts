/**
 * What people type and what government datasets call it. A query word matches a dataset when the word or any
 * word of its group does (all of them equal: 企业 finds 市场主体, and 市场主体 finds 企业). Kept small and
 * curated: a group joins words a citizen would take for the same thing, never merely related ones.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['企业', '公司', '市场主体', '商事主体', '法人单位'],
  ['个体户', '个体工商户'],
  ['公交', '公共交通', '公交车', '巴士', 'bus'],
  ['地铁', '轨道交通', 'metro', 'subway'],
  ['医院', '医疗机构', '卫生院', 'hospital'],
  ['诊所', '门诊部', '卫生室'],
  ['学校', '教育机构', '中小学', 'school'],
  ['幼儿园', '托儿所', '学前教育'],
  ['低保', '最低生活保障'],
  ['社保', '社会保险'],
  ['医保', '医疗保险', '基本医疗保险'],
  ['公积金', '住房公积金'],
  ['停车', '泊位', '停车场', '车位', 'parking'],
  ['空气', '大气', 'air'],
  ['污水', '废水'],
  ['垃圾', '生活垃圾', '固体废物'],
  ['老人', '老年人', '长者', '养老'],
  ['残疾人', '残障人士'],
  ['户口', '户籍'],
  ['身份证', '居民身份证'],
  ['房屋', '住房', '房产', '不动产'],
  ['天气', '气象'],
  ['路灯', '照明设施'],
  ['公厕', '公共厕所'],
  ['充电桩', '充电设施'],
  ['快递', '邮政', '寄递'],
  ['药店', '药房', '零售药店'],
  ['景点', '景区', '旅游景区'],
  ['图书馆', '阅览室'],
  ['罚款', '行政处罚', '处罚'],
  ['许可', '审批', '行政许可'],
  ['补贴', '补助', '资助'],
  ['招聘', '就业岗位', '用工'],
  ['人口', '居民'],
  ['社区', '居委会'],
  ['统计', '统计数据', 'statistics'],
];

/** Word → every word of its group (itself included), lower-cased. */
export const SYNONYMS: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const group of SYNONYM_GROUPS) {
    const words = group.map((word) => word.toLowerCase());
    for (const word of words) {
      const merged = new Set([...(map.get(word) ?? []), ...words]);
      map.set(word, [...merged]);
    }
  }
  return map;
})();

/**
 * Chinese synonym words of two characters or more, longest first: a query word that contains one (公交车站)
 * may also match as that word's group plus the rest (公交 + 站).
 */
export const CHINESE_SYNONYM_WORDS: readonly string[] = [...SYNONYMS.keys()]
  .filter((word) => /\p{Script=Han}/u.test(word) && word.length >= 2)
  .sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
