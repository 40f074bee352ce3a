// Texts of the public open data portal (开放门户), Chinese first; `error.portal.*`.
import type { Messages } from '../index';

export default {
  'zh-CN': {},
  'en-US': {},
} satisfies Messages;
