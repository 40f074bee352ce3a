/**
 * The open data vocabularies, with the EU authority URIs that DCAT-AP expects (publications.europa.eu):
 * data themes (CKAN groups), licences, frequencies (the catalog's update cycles), file types and languages.
 * The portal, the CKAN API, DCAT and the harvester all speak these keys.
 */
const EU = 'http://publications.europa.eu/resource/authority';

export interface Theme {
  /** CKAN group name. */
  key: string;
  /** EU data-theme code. */
  code: string;
  uri: string;
  title: string;
  titleEn: string;
}

function theme(key: string, code: string, title: string, titleEn: string): Theme {
  return { key, code, uri: `${EU}/data-theme/${code}`, title, titleEn };
}

/** The EU data themes (the 13 of the data-theme authority table), in Chinese first. */
export const THEMES: readonly Theme[] = [
  theme('agriculture', 'AGRI', '农业农村', 'Agriculture, fisheries, forestry and food'),
  theme('economy', 'ECON', '经济与金融', 'Economy and finance'),
  theme('education', 'EDUC', '教育文化体育', 'Education, culture and sport'),
  theme('energy', 'ENER', '能源', 'Energy'),
  theme('environment', 'ENVI', '生态环境', 'Environment'),
  theme('government', 'GOVE', '政府与公共服务', 'Government and public sector'),
  theme('health', 'HEAL', '医疗卫生', 'Health'),
  theme('international', 'INTR', '国际事务', 'International issues'),
  theme('justice', 'JUST', '司法与公共安全', 'Justice, legal system and public safety'),
  theme('regions', 'REGI', '城乡建设', 'Regions and cities'),
  theme('society', 'SOCI', '人口与社会', 'Population and society'),
  theme('technology', 'TECH', '科学技术', 'Science and technology'),
  theme('transport', 'TRAN', '交通运输', 'Transport'),
];

export const THEME_BY_KEY: ReadonlyMap<string, Theme> = new Map(THEMES.map((entry) => [entry.key, entry]));

/**
 * The theme of a catalog entry: by its classification (项, the first three digits), and for entries filed under
 * their department (class 3) by the department's kind.
 */
const THEME_OF_CLASSIFICATION: Record<string, string> = {
  '101': 'society', '102': 'economy', '103': 'environment', '104': 'economy', '105': 'government',
  '201': 'government', '202': 'economy', '203': 'society', '204': 'economy', '205': 'regions', '206': 'environment',
  '207': 'justice', '208': 'health', '209': 'education', '210': 'transport', '211': 'regions', '212': 'economy',
  '213': 'society', '214': 'agriculture', '215': 'education',
};
const THEME_OF_DEPARTMENT_KIND: Record<string, string> = {
  platform: 'government', economy: 'economy', enterprise: 'economy', society: 'society', security: 'justice',
  resources: 'environment', township: 'regions',
};

export function themeOf(classificationCode: string, departmentKind: string | null): string {
  return THEME_OF_CLASSIFICATION[classificationCode.slice(0, 3)]
    ?? (departmentKind ? THEME_OF_DEPARTMENT_KIND[departmentKind] : undefined)
    ?? 'government';
}

export interface Licence {
  /** CKAN license_id. */
  id: string;
  title: string;
  titleEn: string;
  /** The licence text. */
  url: string;
  /** EU licence authority URI (dct:license in DCAT). */
  uri: string;
  /** CKAN's od_conformance / isopen. */
  isOpen: boolean;
}

export const LICENCES: readonly Licence[] = [
  { id: 'cc-by-4.0', title: '知识共享署名 4.0', titleEn: 'Creative Commons Attribution 4.0', url: 'https://creativecommons.org/licenses/by/4.0/', uri: `${EU}/licence/CC_BY_4_0`, isOpen: true },
  { id: 'cc-zero', title: '知识共享零 1.0（公共领域）', titleEn: 'Creative Commons CCZero', url: 'https://creativecommons.org/publicdomain/zero/1.0/', uri: `${EU}/licence/CC0`, isOpen: true },
  { id: 'cc-by-sa-4.0', title: '知识共享署名-相同方式共享 4.0', titleEn: 'Creative Commons Attribution Share-Alike 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/', uri: `${EU}/licence/CC_BY_SA_4_0`, isOpen: true },
  { id: 'odc-by', title: '开放数据共享署名许可', titleEn: 'Open Data Commons Attribution License', url: 'https://opendatacommons.org/licenses/by/1-0/', uri: `${EU}/licence/ODC_BY`, isOpen: true },
  { id: 'other-closed', title: '有条件开放（须申请）', titleEn: 'Conditional (by application)', url: 'https://opendefinition.org/', uri: `${EU}/licence/COM_REUSE`, isOpen: false },
];

/** Open datasets carry this licence unless the department chose another; conditional ones carry 'other-closed'. */
export const DEFAULT_LICENCE = 'cc-by-4.0';
export const CONDITIONAL_LICENCE = 'other-closed';

export const LICENCE_BY_ID: ReadonlyMap<string, Licence> = new Map(LICENCES.map((entry) => [entry.id, entry]));

export interface Frequency {
  /** The catalog's update cycle. */
  key: string;
  uri: string;
  title: string;
  titleEn: string;
}

export const FREQUENCIES: readonly Frequency[] = [
  { key: 'realtime', uri: `${EU}/frequency/UPDATE_CONT`, title: '实时', titleEn: 'Continuously updated' },
  { key: 'daily', uri: `${EU}/frequency/DAILY`, title: '每日', titleEn: 'Daily' },
  { key: 'weekly', uri: `${EU}/frequency/WEEKLY`, title: '每周', titleEn: 'Weekly' },
  { key: 'monthly', uri: `${EU}/frequency/MONTHLY`, title: '每月', titleEn: 'Monthly' },
  { key: 'quarterly', uri: `${EU}/frequency/QUARTERLY`, title: '每季度', titleEn: 'Quarterly' },
  { key: 'half_yearly', uri: `${EU}/frequency/ANNUAL_2`, title: '每半年', titleEn: 'Semiannual' },
  { key: 'yearly', uri: `${EU}/frequency/ANNUAL`, title: '每年', titleEn: 'Annual' },
  { key: 'irregular', uri: `${EU}/frequency/IRREG`, title: '不定期', titleEn: 'Irregular' },
];

export const FREQUENCY_BY_KEY: ReadonlyMap<string, Frequency> = new Map(FREQUENCIES.map((entry) => [entry.key, entry]));

export interface FileType {
  /** CKAN resource format. */
  format: string;
  mediaType: string;
  /** EU file-type URI (dct:format). */
  uri: string;
  /** IANA media type URI (dcat:mediaType). */
  mediaTypeUri: string;
}

export const FILE_TYPES: readonly FileType[] = [
  { format: 'CSV', mediaType: 'text/csv', uri: `${EU}/file-type/CSV`, mediaTypeUri: 'http://www.iana.org/assignments/media-types/text/csv' },
  { format: 'XLSX', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', uri: `${EU}/file-type/XLSX`, mediaTypeUri: 'http://www.iana.org/assignments/media-types/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { format: 'JSON', mediaType: 'application/json', uri: `${EU}/file-type/JSON`, mediaTypeUri: 'http://www.iana.org/assignments/media-types/application/json' },
];

export const FILE_TYPE_BY_FORMAT: ReadonlyMap<string, FileType> = new Map(FILE_TYPES.map((entry) => [entry.format, entry]));

export const LANGUAGE_ZH = `${EU}/language/ZHO`;
export const LANGUAGE_EN = `${EU}/language/ENG`;
