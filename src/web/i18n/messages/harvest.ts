// Texts of the harvesting pages (数据汇聚: harvest sources, runs, errors) and `error.harvest.*`.
import type { Messages } from '../index';

export default {
  'zh-CN': {},
  'en-US': {},
} satisfies Messages;
