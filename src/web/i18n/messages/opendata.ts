// Texts of the console's open data pages (数据开放: datasets, applications, data requests) and the open data error
// codes (`error.opendata.*`). Every key exists in both languages.
import type { Messages } from '../index';

export default {
  'zh-CN': {
    'nav.opendata': '数据开放',
    'nav.openDatasets': '开放数据集',
    'nav.openApplications': '开放申请',
    'nav.openRequests': '数据需求',
    'nav.openHarvest': '数据汇聚',
  },
  'en-US': {
    'nav.opendata': 'Open data',
    'nav.openDatasets': 'Open datasets',
    'nav.openApplications': 'Data applications',
    'nav.openRequests': 'Dataset requests',
    'nav.openHarvest': 'Harvesting',
  },
} satisfies Messages;
