/**
 * The demo district's government cloud: three contracted providers (统采分签) and offerings in all nine categories,
 * with JSON Schema parameters, quota maps and monthly rate cards in fen. Prices are in the range district
 * government clouds publish; every offering runs on the simulated driver in the demo (docs/cloud/drivers.md says
 * how to point an offering at a real PostgreSQL, MariaDB, Redis or OpenStack endpoint).
 */
import type { CloudCategory, RateComponentRecord } from '../../platform/db/schema.js';

export interface DemoProvider {
  code: string;
  name: string;
  nameEn: string;
  contractNo: string;
  contact: string;
  /** simulated latency of provisioning, ms */
  latencyMs: number;
}

export interface DemoOffering {
  code: string;
  provider: string;
  category: CloudCategory;
  resourceKind: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  schema: Record<string, unknown>;
  quotaMap: Record<string, string | number>;
  components: RateComponentRecord[];
  /** a second, cheaper price version from 1 July 2026 (shows rate card versioning) */
  priceCutFrom?: string;
}

export const DEMO_PROVIDERS: DemoProvider[] = [
  { code: 'ctyun', name: '天翼云（政务云运营商）', nameEn: 'Tianyi Cloud (government cloud operator)', contractNo: 'SSZWY-KJ-2026-001', contact: '政务云服务热线 0757-87770000', latencyMs: 1500 },
  { code: 'gdcloud', name: '数字广东政务云', nameEn: 'Digital Guangdong Government Cloud', contractNo: 'SSZWY-KJ-2026-002', contact: 'service@gdcloud.example', latencyMs: 2000 },
  { code: 'dbaas', name: '区政务数据库与中间件服务', nameEn: 'District database and middleware service', contractNo: 'SSZWY-KJ-2026-003', contact: '区信息化服务中心 0757-87771234', latencyMs: 800 },
];

const integer = (title: string, titleEn: string, minimum: number, maximum: number, defaultValue: number, unit?: string, extra: Record<string, unknown> = {}) => ({
  type: 'integer',
  title,
  'x-title-en': titleEn,
  minimum,
  maximum,
  default: defaultValue,
  ...(unit ? { 'x-unit': unit } : {}),
  ...extra,
});

const choice = (title: string, titleEn: string, values: Array<string | number>, defaultValue: string | number, titles?: string[], titlesEn?: string[]) => ({
  type: typeof values[0] === 'number' ? 'integer' : 'string',
  title,
  'x-title-en': titleEn,
  enum: values,
  default: defaultValue,
  ...(titles ? { 'x-enum-titles': titles, 'x-enum-titles-en': titlesEn ?? titles } : {}),
});

const object = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const fixed = (code: string, name: string, nameEn: string, priceFen: number): RateComponentRecord => ({ code, name, nameEn, type: 'fixed', priceFen });
const perUnit = (code: string, name: string, nameEn: string, parameter: string, unit: string, priceFen: number): RateComponentRecord => ({
  code,
  name,
  nameEn,
  type: 'per_unit',
  parameter,
  unit,
  priceFen,
});
const tiered = (code: string, name: string, nameEn: string, parameter: string, unit: string, tiers: { upTo: number | null; priceFen: number }[]): RateComponentRecord => ({
  code,
  name,
  nameEn,
  type: 'tiered',
  parameter,
  unit,
  tiers,
});

export const DEMO_OFFERINGS: DemoOffering[] = [
  // ---- compute
  {
    code: 'ecs-general',
    provider: 'ctyun',
    category: 'compute',
    resourceKind: 'vm',
    name: '通用型云服务器',
    nameEn: 'General-purpose cloud server',
    description: '通用计算实例，适合业务系统应用服务器、中间件等。',
    descriptionEn: 'General-purpose instances for application servers and middleware.',
    schema: object({
      vcpu: choice('vCPU', 'vCPU', [1, 2, 4, 8, 16, 32], 4),
      memoryGb: choice('内存', 'Memory', [2, 4, 8, 16, 32, 64, 128], 8),
      diskGb: integer('系统盘', 'System disk', 40, 1000, 100, 'GB'),
      os: choice('操作系统', 'Operating system', ['kylin-v10', 'uos-20', 'centos-7'], 'kylin-v10', ['银河麒麟 V10', '统信 UOS 20', 'CentOS 7（存量）'], ['Kylin V10', 'UOS 20', 'CentOS 7 (legacy)']),
    }),
    quotaMap: { vcpu: 'vcpu', memory_gb: 'memoryGb', storage_gb: 'diskGb' },
    components: [
      perUnit('vcpu', 'vCPU', 'vCPU', 'vcpu', '核', 6_000),
      perUnit('memory', '内存', 'Memory', 'memoryGb', 'GB', 2_500),
      tiered('disk', '系统盘', 'System disk', 'diskGb', 'GB', [
        { upTo: 100, priceFen: 50 },
        { upTo: null, priceFen: 35 },
      ]),
    ],
    priceCutFrom: '2026-07-01T00:00:00+08:00',
  },
  {
    code: 'ecs-compute',
    provider: 'gdcloud',
    category: 'compute',
    resourceKind: 'vm',
    name: '计算增强型云服务器',
    nameEn: 'Compute-optimised cloud server',
    description: '高主频计算实例，适合批量计算、视频分析。',
    descriptionEn: 'High-frequency instances for batch computing and video analysis.',
    schema: object({
      vcpu: choice('vCPU', 'vCPU', [4, 8, 16, 32], 8),
      memoryGb: choice('内存', 'Memory', [8, 16, 32, 64], 16),
      diskGb: integer('系统盘', 'System disk', 40, 1000, 100, 'GB'),
    }),
    quotaMap: { vcpu: 'vcpu', memory_gb: 'memoryGb', storage_gb: 'diskGb' },
    components: [perUnit('vcpu', 'vCPU', 'vCPU', 'vcpu', '核', 7_500), perUnit('memory', '内存', 'Memory', 'memoryGb', 'GB', 2_500), perUnit('disk', '系统盘', 'System disk', 'diskGb', 'GB', 50)],
  },
  // ---- storage
  {
    code: 'evs-ssd',
    provider: 'ctyun',
    category: 'storage',
    resourceKind: 'volume',
    name: '云硬盘（SSD）',
    nameEn: 'Block storage (SSD)',
    description: '高性能块存储，可挂载到云服务器，支持在线扩容。',
    descriptionEn: 'High-performance block storage for cloud servers; grows online.',
    schema: object({ sizeGb: integer('容量', 'Size', 10, 32_000, 500, 'GB', { multipleOf: 10 }) }),
    quotaMap: { storage_gb: 'sizeGb' },
    components: [
      tiered('capacity', '容量', 'Capacity', 'sizeGb', 'GB', [
        { upTo: 1_000, priceFen: 80 },
        { upTo: 10_000, priceFen: 60 },
        { upTo: null, priceFen: 45 },
      ]),
    ],
  },
  {
    code: 'oss-standard',
    provider: 'gdcloud',
    category: 'storage',
    resourceKind: 'bucket',
    name: '对象存储（标准型）',
    nameEn: 'Object storage (standard)',
    description: '海量非结构化数据存储，适合电子证照文件、影像资料。',
    descriptionEn: 'Unstructured data at scale: certificate files, scanned archives.',
    schema: object({ capacityGb: integer('容量包', 'Capacity', 100, 100_000, 1_000, 'GB', { multipleOf: 100 }) }),
    quotaMap: { storage_gb: 'capacityGb' },
    components: [
      tiered('capacity', '容量包', 'Capacity', 'capacityGb', 'GB', [
        { upTo: 10_000, priceFen: 12 },
        { upTo: null, priceFen: 9 },
      ]),
    ],
  },
  // ---- database
  {
    code: 'rds-postgresql',
    provider: 'dbaas',
    category: 'database',
    resourceKind: 'postgresql_database',
    name: 'PostgreSQL 数据库',
    nameEn: 'PostgreSQL database',
    description: '独立数据库与账号，限定连接数；自动备份，凭据仅向申请部门显示一次。',
    descriptionEn: 'A database with its own role and connection limit; credentials shown once to the ordering department.',
    schema: object({
      connectionLimit: integer('最大连接数', 'Connection limit', 5, 500, 20),
      storageGb: integer('存储空间', 'Storage', 10, 2_000, 50, 'GB', { multipleOf: 10 }),
    }),
    quotaMap: { databases: 1, storage_gb: 'storageGb' },
    components: [
      fixed('instance', '数据库实例', 'Database instance', 30_000),
      perUnit('storage', '存储空间', 'Storage', 'storageGb', 'GB', 100),
      tiered('connections', '连接数', 'Connections', 'connectionLimit', '个', [
        { upTo: 50, priceFen: 0 },
        { upTo: null, priceFen: 200 },
      ]),
    ],
  },
  {
    code: 'rds-mysql',
    provider: 'dbaas',
    category: 'database',
    resourceKind: 'mariadb_database',
    name: 'MySQL（MariaDB）数据库',
    nameEn: 'MySQL (MariaDB) database',
    description: '独立数据库与用户，限定最大连接数。',
    descriptionEn: 'A database with its own user and a connection limit.',
    schema: object({
      maxUserConnections: integer('最大连接数', 'Connection limit', 5, 500, 30),
      storageGb: integer('存储空间', 'Storage', 10, 2_000, 50, 'GB', { multipleOf: 10 }),
    }),
    quotaMap: { databases: 1, storage_gb: 'storageGb' },
    components: [fixed('instance', '数据库实例', 'Database instance', 25_000), perUnit('storage', '存储空间', 'Storage', 'storageGb', 'GB', 100)],
  },
  {
    code: 'dm8',
    provider: 'ctyun',
    category: 'database',
    resourceKind: 'dm_database',
    name: '达梦数据库 DM8（信创）',
    nameEn: 'Dameng DM8 database (domestic)',
    description: '国产数据库，适合信创改造的核心业务系统。',
    descriptionEn: 'A domestic database for systems migrating to domestic software.',
    schema: object({
      vcpu: choice('vCPU', 'vCPU', [2, 4, 8, 16], 4),
      memoryGb: choice('内存', 'Memory', [8, 16, 32, 64], 16),
      storageGb: integer('存储空间', 'Storage', 100, 5_000, 200, 'GB', { multipleOf: 50 }),
    }),
    quotaMap: { databases: 1, vcpu: 'vcpu', memory_gb: 'memoryGb', storage_gb: 'storageGb' },
    components: [fixed('licence', '软件许可', 'Licence', 80_000), perUnit('vcpu', 'vCPU', 'vCPU', 'vcpu', '核', 8_000), perUnit('memory', '内存', 'Memory', 'memoryGb', 'GB', 2_500), perUnit('storage', '存储空间', 'Storage', 'storageGb', 'GB', 100)],
  },
  // ---- cache
  {
    code: 'redis-user',
    provider: 'dbaas',
    category: 'cache',
    resourceKind: 'redis_user',
    name: 'Redis 缓存（独立账号与键前缀）',
    nameEn: 'Redis cache (own user and key prefix)',
    description: '共享集群上的独立 ACL 用户，只能访问本系统的键前缀。',
    descriptionEn: 'An ACL user on the shared cluster that reaches only its own key prefix.',
    schema: object({ maxMemoryMb: choice('内存上限', 'Memory limit', [256, 512, 1024, 2048, 4096], 1024) }),
    quotaMap: {},
    components: [
      tiered('memory', '内存', 'Memory', 'maxMemoryMb', 'MB', [
        { upTo: 1024, priceFen: 10 },
        { upTo: null, priceFen: 8 },
      ]),
    ],
  },
  // ---- message queue
  {
    code: 'mq-rabbitmq',
    provider: 'dbaas',
    category: 'message_queue',
    resourceKind: 'mq_vhost',
    name: 'RabbitMQ 消息队列（虚拟主机）',
    nameEn: 'RabbitMQ message queue (virtual host)',
    description: '独立虚拟主机与账号，适合系统间异步通知。',
    descriptionEn: 'A virtual host with its own account for asynchronous messaging between systems.',
    schema: object({ maxQueues: integer('最大队列数', 'Max queues', 10, 1_000, 50), maxMessagesPerSecond: integer('消息速率上限', 'Max message rate', 100, 20_000, 1_000, '条/秒') }),
    quotaMap: {},
    components: [fixed('vhost', '虚拟主机', 'Virtual host', 15_000), perUnit('rate', '消息速率', 'Message rate', 'maxMessagesPerSecond', '百条/秒', 1)],
  },
  {
    code: 'mq-kafka',
    provider: 'gdcloud',
    category: 'message_queue',
    resourceKind: 'kafka_topic',
    name: 'Kafka 消息主题',
    nameEn: 'Kafka topic',
    description: '高吞吐的事件流主题，按分区计费。',
    descriptionEn: 'High-throughput event stream topics, priced per partition.',
    schema: object({ partitions: integer('分区数', 'Partitions', 1, 128, 6), retentionDays: integer('保留天数', 'Retention', 1, 30, 7, '天') }),
    quotaMap: {},
    components: [perUnit('partition', '分区', 'Partition', 'partitions', '个', 3_000)],
  },
  // ---- network
  {
    code: 'eip',
    provider: 'ctyun',
    category: 'network',
    resourceKind: 'public_ip',
    name: '弹性公网 IP',
    nameEn: 'Elastic public IP',
    description: '面向互联网的公网地址，按带宽计费（政务外网出口另行申请）。',
    descriptionEn: 'An internet-facing address, priced by bandwidth.',
    schema: object({ bandwidthMbps: integer('带宽', 'Bandwidth', 1, 1_000, 10, 'Mbps') }),
    quotaMap: { public_ips: 1 },
    components: [
      fixed('address', '公网地址', 'Address', 2_000),
      tiered('bandwidth', '带宽', 'Bandwidth', 'bandwidthMbps', 'Mbps', [
        { upTo: 5, priceFen: 2_300 },
        { upTo: null, priceFen: 8_000 },
      ]),
    ],
  },
  {
    code: 'vpc',
    provider: 'ctyun',
    category: 'network',
    resourceKind: 'vpc',
    name: '专有网络 VPC',
    nameEn: 'Virtual private cloud (VPC)',
    description: '隔离的业务系统网络，含子网与安全组。',
    descriptionEn: 'An isolated network for a business system, with subnets and security groups.',
    schema: object({ subnets: integer('子网数', 'Subnets', 1, 16, 2) }),
    quotaMap: {},
    components: [fixed('vpc', '专有网络', 'VPC', 0), perUnit('subnet', '子网', 'Subnet', 'subnets', '个', 500)],
  },
  // ---- security
  {
    code: 'waf',
    provider: 'gdcloud',
    category: 'security',
    resourceKind: 'waf',
    name: 'Web 应用防火墙',
    nameEn: 'Web application firewall',
    description: '防护对外网站与接口，按防护域名计费（等保三级要求）。',
    descriptionEn: 'Protects public sites and APIs; priced per protected domain.',
    schema: object({ domains: integer('防护域名数', 'Protected domains', 1, 100, 2) }),
    quotaMap: {},
    components: [fixed('base', '基础防护', 'Base protection', 50_000), perUnit('domain', '域名', 'Domain', 'domains', '个', 10_000)],
  },
  {
    code: 'host-security',
    provider: 'ctyun',
    category: 'security',
    resourceKind: 'host_security',
    name: '主机安全',
    nameEn: 'Host security',
    description: '漏洞扫描、入侵检测与基线检查，按主机计费。',
    descriptionEn: 'Vulnerability scanning, intrusion detection and baseline checks, per host.',
    schema: object({ hosts: integer('主机数', 'Hosts', 1, 500, 4) }),
    quotaMap: {},
    components: [perUnit('host', '主机', 'Host', 'hosts', '台', 4_000)],
  },
  {
    code: 'bastion',
    provider: 'ctyun',
    category: 'security',
    resourceKind: 'bastion',
    name: '堡垒机',
    nameEn: 'Bastion host',
    description: '运维审计，统一登录与操作录像。',
    descriptionEn: 'Operations audit: one login point and session recording.',
    schema: object({ assets: choice('资产数', 'Assets', [20, 50, 100, 200], 50) }),
    quotaMap: {},
    components: [tiered('assets', '资产', 'Assets', 'assets', '个', [{ upTo: 50, priceFen: 1_000 }, { upTo: null, priceFen: 600 }])],
  },
  {
    code: 'db-audit',
    provider: 'gdcloud',
    category: 'security',
    resourceKind: 'db_audit',
    name: '数据库审计',
    nameEn: 'Database audit',
    description: '记录并审计对数据库的访问，满足等保要求。',
    descriptionEn: 'Records and audits database access for compliance.',
    schema: object({ databases: integer('审计数据库数', 'Audited databases', 1, 50, 3) }),
    quotaMap: {},
    components: [perUnit('database', '数据库', 'Database', 'databases', '个', 20_000)],
  },
  // ---- backup
  {
    code: 'cloud-backup',
    provider: 'ctyun',
    category: 'backup',
    resourceKind: 'backup_vault',
    name: '云备份',
    nameEn: 'Cloud backup',
    description: '云服务器与数据库的定时备份与恢复，异地存放。',
    descriptionEn: 'Scheduled backup and recovery of servers and databases, stored off-site.',
    schema: object({ capacityGb: integer('备份容量', 'Backup capacity', 100, 50_000, 500, 'GB', { multipleOf: 100 }), retentionDays: choice('保留天数', 'Retention', [7, 30, 90, 180], 30) }),
    quotaMap: { storage_gb: 'capacityGb' },
    components: [tiered('capacity', '备份容量', 'Backup capacity', 'capacityGb', 'GB', [{ upTo: 1_000, priceFen: 30 }, { upTo: null, priceFen: 20 }])],
  },
  // ---- big data
  {
    code: 'bigdata-cluster',
    provider: 'gdcloud',
    category: 'big_data',
    resourceKind: 'bigdata_cluster',
    name: '大数据计算集群',
    nameEn: 'Big-data computing cluster',
    description: 'Spark/Hive 计算集群，适合数据治理与分析。',
    descriptionEn: 'A Spark/Hive cluster for data governance and analysis.',
    schema: object({ nodes: integer('计算节点', 'Compute nodes', 3, 50, 3), vcpuPerNode: choice('每节点 vCPU', 'vCPU per node', [8, 16, 32], 8), storageGb: integer('存储空间', 'Storage', 500, 100_000, 2_000, 'GB', { multipleOf: 100 }) }),
    quotaMap: { storage_gb: 'storageGb' },
    components: [fixed('management', '管理节点', 'Management nodes', 100_000), perUnit('nodes', '计算节点', 'Compute nodes', 'nodes', '个', 120_000), perUnit('storage', '存储空间', 'Storage', 'storageGb', 'GB', 30)],
  },
];

/** Lower prices from the second version (rate card v2): compute becomes 10 % cheaper. */
export function priceCut(components: RateComponentRecord[]): RateComponentRecord[] {
  const cut = (fen: number) => Math.round(fen * 0.9);
  return components.map((component) => ({
    ...component,
    ...(component.priceFen !== undefined ? { priceFen: cut(component.priceFen) } : {}),
    ...(component.tiers ? { tiers: component.tiers.map((tier) => ({ ...tier, priceFen: cut(tier.priceFen) })) } : {}),
  }));
}

/** The demo's business systems per department key (created when missing) and what each runs on. */
export const DEMO_SYSTEMS: Array<{ department: string; code: string; name: string; nameEn: string }> = [
  { department: 'gaj', code: 'gaj-population', name: '人口信息管理系统', nameEn: 'Population information system' },
  { department: 'scj', code: 'scj-registration', name: '商事登记系统', nameEn: 'Business registration system' },
  { department: 'mzj', code: 'mzj-assistance', name: '社会救助管理信息系统', nameEn: 'Social assistance system' },
  { department: 'rsj', code: 'rsj-employment', name: '就业创业服务系统', nameEn: 'Employment services system' },
  { department: 'wjj', code: 'wjj-health-records', name: '居民健康档案系统', nameEn: 'Health records system' },
  { department: 'jyj', code: 'jyj-enrolment', name: '义务教育招生系统', nameEn: 'School enrolment system' },
  { department: 'zrzyj', code: 'zrzyj-land', name: '国土空间规划一张图', nameEn: 'Land-use planning map' },
  { department: 'bdc', code: 'bdc-registration', name: '不动产登记系统', nameEn: 'Real estate registration system' },
];

/** What the demo's departments have ordered before (offering code, name, parameters), per system code. */
export const DEMO_ORDERS: Array<{ system: string; items: Array<{ offering: string; name: string; parameters: Record<string, unknown>; leaseMonths?: number }> }> = [
  { system: 'gaj-population', items: [
    { offering: 'ecs-general', name: '人口库应用服务器', parameters: { vcpu: 8, memoryGb: 16, diskGb: 200, os: 'kylin-v10' } },
    { offering: 'dm8', name: '人口库数据库', parameters: { vcpu: 8, memoryGb: 32, storageGb: 1000 } },
    { offering: 'cloud-backup', name: '人口库备份', parameters: { capacityGb: 2000, retentionDays: 90 } },
    { offering: 'db-audit', name: '人口库数据库审计', parameters: { databases: 2 } },
  ] },
  { system: 'scj-registration', items: [
    { offering: 'ecs-general', name: '商事登记前台', parameters: { vcpu: 4, memoryGb: 8, diskGb: 100, os: 'uos-20' } },
    { offering: 'rds-postgresql', name: '商事登记库', parameters: { connectionLimit: 60, storageGb: 200 } },
    { offering: 'eip', name: '商事登记公网出口', parameters: { bandwidthMbps: 20 } },
    { offering: 'waf', name: '商事登记网站防护', parameters: { domains: 2 } },
  ] },
  { system: 'mzj-assistance', items: [
    { offering: 'ecs-general', name: '救助系统应用', parameters: { vcpu: 4, memoryGb: 8, diskGb: 100, os: 'kylin-v10' } },
    { offering: 'rds-mysql', name: '救助系统库', parameters: { maxUserConnections: 40, storageGb: 100 } },
    { offering: 'redis-user', name: '救助系统缓存', parameters: { maxMemoryMb: 512 } },
  ] },
  { system: 'rsj-employment', items: [
    { offering: 'ecs-general', name: '就业服务应用', parameters: { vcpu: 4, memoryGb: 16, diskGb: 100, os: 'kylin-v10' } },
    { offering: 'rds-postgresql', name: '就业服务库', parameters: { connectionLimit: 30, storageGb: 100 } },
    { offering: 'mq-rabbitmq', name: '就业服务消息', parameters: { maxQueues: 20, maxMessagesPerSecond: 500 } },
  ] },
  { system: 'wjj-health-records', items: [
    { offering: 'ecs-compute', name: '健康档案分析', parameters: { vcpu: 16, memoryGb: 32, diskGb: 200 } },
    { offering: 'oss-standard', name: '健康档案影像', parameters: { capacityGb: 5000 } },
    { offering: 'host-security', name: '健康档案主机安全', parameters: { hosts: 4 } },
  ] },
  { system: 'jyj-enrolment', items: [
    { offering: 'ecs-general', name: '招生系统应用', parameters: { vcpu: 8, memoryGb: 16, diskGb: 100, os: 'uos-20' }, leaseMonths: 4 },
    { offering: 'eip', name: '招生系统公网出口', parameters: { bandwidthMbps: 50 }, leaseMonths: 4 },
  ] },
  { system: 'zrzyj-land', items: [
    { offering: 'bigdata-cluster', name: '一张图计算集群', parameters: { nodes: 3, vcpuPerNode: 16, storageGb: 10000 } },
    { offering: 'evs-ssd', name: '一张图数据盘', parameters: { sizeGb: 4000 } },
  ] },
  { system: 'bdc-registration', items: [
    { offering: 'ecs-general', name: '不动产登记应用', parameters: { vcpu: 4, memoryGb: 8, diskGb: 100, os: 'kylin-v10' } },
    { offering: 'rds-postgresql', name: '不动产登记库', parameters: { connectionLimit: 40, storageGb: 300 } },
    { offering: 'bastion', name: '不动产运维堡垒机', parameters: { assets: 20 } },
  ] },
];
