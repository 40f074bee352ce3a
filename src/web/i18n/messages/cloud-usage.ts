// Texts of the Cloud usage: resources, credentials, leases, bills, showback, the IT centre's dashboard, business systems (and their error codes). Every key exists in both languages.
import type { Messages } from '../index';

export default {
  'zh-CN': {

  },
  'en-US': {

  },
} satisfies Messages;
