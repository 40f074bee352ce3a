// How the per-domain resource files describe a catalog entry. resources.ts turns each template into a
// DemoResource, filling in what a data officer would pick from habit (sharing methods, publish date).
import type { OpenType, ResourceFormat, SharingMethod, SharingType, UpdateCycle } from './types.js';

export interface ResourceTemplate {
  name: string;
  nameEn: string;
  summary: string;
  /** A level-3 classification code, or 'department' for the provider's own 目 in the department view. */
  classification: string;
  /** Data items as field tokens, see fields.ts: 'id_number* full_name! gender'. */
  items: string;
  sharing: SharingType;
  /** Required for conditional sharing. */
  conditions?: string;
  /** Required when not shared. */
  basis?: string;
  /** Defaults to not_open; only entries without personal data may be opened. */
  open?: OpenType;
  openConditions?: string;
  cycle: UpdateCycle;
  /** Defaults to database. */
  format?: ResourceFormat;
  methods?: SharingMethod[];
  /** 2–5 words, space separated. */
  keywords: string;
  /** Chinese names of related entries of the same district. */
  related?: string[];
}

/** Templates per provider department key. */
export type DepartmentTemplates = Record<string, ResourceTemplate[]>;

// Conditions officers actually write: who may use the data, for what, and what the applicant must supply.
export const CONDITIONS = {
  identity: '用于办理政务服务事项时核验当事人身份，需提供事项名称、设定依据，按最小必要原则申请信息项',
  socialAssistance: '用于办理社会救助业务，需提供申请事项和法律依据',
  householdCheck: '用于居民家庭经济状况核对，需提供核对业务编号及被核对人签署的授权书，核对结果不得用于其他用途',
  socialSecurity: '用于社会保险待遇审核、就业补贴发放和社会救助核对，需提供业务事项、政策依据和当事人授权',
  medical: '用于医疗保障、医疗救助和卫生健康业务办理，需提供业务事项、法律依据及数据使用范围',
  housing: '用于住房保障资格审核、公积金和不动产相关业务，需提供申请事项和当事人授权',
  property: '用于不动产相关政务服务、司法协助和社会救助核对，需提供申请事项和法律依据，每次查询留痕备查',
  tax: '用于综合治税和涉税协作，需提供协作事项和依据，数据仅限税费征管和财源分析使用',
  enforcement: '用于行政执法、案件办理和联合惩戒，需提供案件编号、执法依据和经办人信息',
  education: '用于入学资格审核、学生资助和教育统计，需提供业务事项和政策依据',
  planning: '用于建设项目审批、国土空间用途管制和执法监管，需提供项目名称和审批事项',
  vehicle: '用于交通管理、车辆相关政务服务和家庭经济状况核对，需提供业务事项和法律依据',
  enterprise: '用于企业服务、产业分析和行业监管，需提供使用部门的业务职能依据，不得对外公开企业商业信息',
  grid: '用于基层社会治理、网格服务和应急处置，需提供业务事项，仅限辖区内使用',
  health: '用于疾病防控、妇幼保健和计划生育奖励扶助审核，需提供业务事项和法律依据，严格控制知悉范围',
  veteran: '用于优待抚恤、就业安置和社会救助审核，需提供业务事项和政策依据',
  court: '用于协助执行、联合惩戒和信用监管，需提供协助执行通知书或联合惩戒备忘录依据',
} as const;

// Legal bases for refusing to share, as they are recorded in real catalogs.
export const NOT_SHARED_BASES = {
  criminalRecord: '《公安机关办理犯罪记录查询工作规定》：犯罪记录仅由公安机关依申请或依法出具证明，不通过共享平台提供',
  drugUsers: '《中华人民共和国禁毒法》《吸毒人员动态管控工作规定》：涉毒人员信息属公安工作秘密，依法保密',
  videoCheckpoints: '《中华人民共和国个人信息保护法》及公安视频图像信息系统管理相关规定：卡口过车数据涉及个人行踪和公安工作秘密',
  communityCorrection: '《中华人民共和国社区矫正法》关于社区矫正对象身份、家庭和个人信息保密的规定',
  personalIncomeTax: '《中华人民共和国税收征收管理法》第八条：税务机关应当依法为纳税人、扣缴义务人的情况保密',
  infectiousDisease: '《中华人民共和国传染病防治法》关于不得泄露涉及个人隐私的有关信息、资料的规定',
  petitions: '《信访工作条例》关于不得将检举、揭发、控告材料及有关情况透露或者转送被检举、揭发、控告人员和单位的规定',
  audit: '《中华人民共和国审计法》关于审计机关及其工作人员对知悉的国家秘密、工作秘密、商业秘密和个人信息依法保密的规定',
  surveying: '《中华人民共和国测绘法》及《测绘地理信息管理工作国家秘密范围的规定》：涉密测绘成果按保密规定另行审批提供',
  militaryArchives: '《中华人民共和国退役军人保障法》及档案管理相关规定：退役军人档案按干部档案管理规定查阅，不予共享',
  judicialCases: '《中华人民共和国个人信息保护法》及人民法院审判执行工作保密规定：未结案件卷宗信息不予共享',
} as const;

export const OPEN_CONDITIONS = {
  registered: '注册实名账号并签署数据利用协议后通过开放接口获取，仅限科研和公益用途',
} as const;

// 双公示: a department with penalty powers publishes its penalty decisions in the national 信用中国 field set.
export const PENALTY_ITEMS =
  'penalty_document_no* party_name! party_category! party_credit_code legal_representative party_id_type party_id_number ' +
  'violation_type! violation_facts! penalty_basis! penalty_category! penalty_content! fine_amount confiscated_amount ' +
  'penalty_decision_date! publicity_deadline penalty_authority! penalty_authority_credit_code! data_source_unit';

/** The penalty half of 双公示 for a department; licences differ too much by field to share one template. */
export function penaltyPublicity(subject: string, subjectEn: string): ResourceTemplate {
  return {
    name: `${subject}行政处罚信息`,
    nameEn: `${subjectEn} administrative penalties`,
    summary: `${subject}领域作出的行政处罚决定，含违法事实、处罚依据和处罚内容，` +
      '按“双公示”要求于作出决定之日起7个工作日内归集，自然人证件号码公示时脱敏。',
    classification: '202002',
    items: PENALTY_ITEMS,
    sharing: 'unconditional',
    cycle: 'daily',
    keywords: `行政处罚 双公示 ${subject} 信用`,
  };
}
