/**
 * The catalog's enumerations as departments write them in Excel. Every value has one Chinese word that the
 * template's dropdowns offer and that export writes, so a file round-trips; import also accepts the API value
 * and a few common synonyms, because people type what they are used to.
 */
export interface Enumeration {
  /** Shown in the instructions sheet and in error messages. */
  title: string;
  /** API value → the Chinese word written to Excel. */
  words: Record<string, string>;
  /** Extra spellings accepted on import (already normalised by `normaliseWord`). */
  synonyms?: Record<string, string>;
}

export const FORMAT: Enumeration = {
  title: '格式 Format',
  words: { database: '数据库', document: '文档', spreadsheet: '电子表格', image: '图形图像', stream: '流媒体', api: '接口', other: '其他' },
  synonyms: { 数据库表: 'database', 库表: 'database', 电子文档: 'document', 文件: 'document', 表格: 'spreadsheet', 图像: 'image', 图片: 'image', 流式: 'stream', 视频: 'stream', 服务接口: 'api', 其它: 'other' },
};

export const SHARING_TYPE: Enumeration = {
  title: '共享类型 Sharing type',
  words: { unconditional: '无条件共享', conditional: '有条件共享', not_shared: '不予共享' },
  synonyms: { 无条件: 'unconditional', 有条件: 'conditional', 不共享: 'not_shared', 不予: 'not_shared' },
};

export const SHARING_METHOD: Enumeration = {
  title: '共享方式 Sharing methods',
  words: { api: '接口', file: '文件下载', table_sync: '库表同步' },
  synonyms: { 接口服务: 'api', 服务接口: 'api', 接口调用: 'api', 文件: 'file', 下载: 'file', 库表: 'table_sync', 数据库表同步: 'table_sync', 表同步: 'table_sync' },
};

export const OPEN_TYPE: Enumeration = {
  title: '开放类型 Open type',
  words: { open: '无条件开放', conditional: '有条件开放', not_open: '不予开放' },
  synonyms: { 开放: 'open', 无条件: 'open', 有条件: 'conditional', 不开放: 'not_open', 不予: 'not_open' },
};

export const UPDATE_CYCLE: Enumeration = {
  title: '更新周期 Update cycle',
  words: {
    realtime: '实时', daily: '每日', weekly: '每周', monthly: '每月', quarterly: '每季度', half_yearly: '每半年', yearly: '每年', irregular: '不定期',
  },
  synonyms: {
    实时更新: 'realtime', real_time: 'realtime', 每天: 'daily', 日: 'daily', 周: 'weekly', 月: 'monthly', 季度: 'quarterly', 每季: 'quarterly',
    半年: 'half_yearly', halfyearly: 'half_yearly', semiannual: 'half_yearly', 年: 'yearly', 每年度: 'yearly', annual: 'yearly', annually: 'yearly',
    不定时: 'irregular',
  },
};

export const DATA_TYPE: Enumeration = {
  title: '数据类型 Type',
  words: { string: '字符型', integer: '整型', decimal: '数值型', date: '日期型', datetime: '日期时间型', boolean: '布尔型', code: '代码型' },
  synonyms: {
    字符: 'string', 字符串: 'string', 文本: 'string', 文本型: 'string', varchar: 'string', text: 'string',
    整数: 'integer', 整数型: 'integer', int: 'integer',
    数值: 'decimal', 小数: 'decimal', 小数型: 'decimal', 浮点型: 'decimal', number: 'decimal', numeric: 'decimal',
    日期: 'date', 日期时间: 'datetime', 时间戳: 'datetime', timestamp: 'datetime', 时间型: 'datetime',
    布尔: 'boolean', 逻辑型: 'boolean', bool: 'boolean', 代码: 'code', 枚举: 'code', 代码值: 'code',
  },
};

export const SENSITIVITY: Enumeration = {
  title: '敏感级别 Sensitivity',
  words: { public: '公开', internal: '内部', sensitive: '敏感', secret: '涉密' },
  synonyms: { 内部公开: 'internal', 秘密: 'secret', 机密: 'secret' },
};

export const YES_NO: Enumeration = {
  title: '是/否 Yes/No',
  words: { true: '是', false: '否' },
  synonyms: { yes: 'true', y: 'true', '1': 'true', '√': 'true', no: 'false', n: 'false', '0': 'false', '×': 'false' },
};

/** Lower case, without spaces; hyphens become underscores so "half-yearly" and "Half yearly" both match. */
export function normaliseWord(text: string): string {
  return text.trim().toLowerCase().replace(/[\s\u3000]+/g, '_').replace(/-/g, '_');
}

const lookups = new WeakMap<Enumeration, Map<string, string>>();

function lookupOf(enumeration: Enumeration): Map<string, string> {
  let lookup = lookups.get(enumeration);
  if (!lookup) {
    lookup = new Map();
    for (const [value, word] of Object.entries(enumeration.words)) {
      lookup.set(normaliseWord(value), value);
      lookup.set(normaliseWord(word), value);
    }
    for (const [synonym, value] of Object.entries(enumeration.synonyms ?? {})) lookup.set(normaliseWord(synonym), value);
    lookups.set(enumeration, lookup);
  }
  return lookup;
}

/** The API value for a cell's text, or undefined when the text is none of the accepted spellings. */
export function parseEnumeration(enumeration: Enumeration, text: string): string | undefined {
  return lookupOf(enumeration).get(normaliseWord(text));
}

/** The Chinese word for an API value; unknown values are written as they are (export never drops data). */
export function wordFor(enumeration: Enumeration, value: string): string {
  return enumeration.words[value] ?? value;
}

export function allowedWords(enumeration: Enumeration): string[] {
  return Object.values(enumeration.words);
}

/** Separators people use between several values in one cell: commas, semicolons, 顿号, new lines. */
const LIST_SEPARATOR = /[,，;；、|\n\r]+/;

export function splitList(text: string): string[] {
  return text
    .split(LIST_SEPARATOR)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** What export writes between several values in one cell; import accepts it back. */
export const LIST_JOINER = '、';
