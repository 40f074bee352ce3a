// Texts of the Cloud administration: providers, endpoints, sub-contracts, offerings, rate cards, quotas, approval policies (and their error codes). Every key exists in both languages.
import type { Messages } from '../index';

export default {
  'zh-CN': {

  },
  'en-US': {

  },
} satisfies Messages;
