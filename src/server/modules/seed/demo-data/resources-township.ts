// What a town government or subdistrict office registers: grassroots governance, rural collective assets,
// local enterprise service and care for the elderly. Every town holds a similar set under its own name.
import { CONDITIONS, type ResourceTemplate } from './template.js';

/** Each town registers this many of the candidates below, picked deterministically. */
export const TOWN_RESOURCE_COUNT = 6;

export function townshipTemplates(town: string, townEn: string): ResourceTemplate[] {
  return [
    {
      name: `${town}村（社区）基本信息`, nameEn: `${townEn}: villages and communities`,
      summary: `${town}辖区行政村和社区的区划代码、户数、户籍人口和常住人口。`,
      classification: '205003', sharing: 'unconditional', open: 'open', cycle: 'yearly',
      items: 'division_code* community_name! community_type! household_count! registered_population! resident_population area_sq_km office_address org_phone',
      keywords: `村居 社区 ${town}`,
    },
    {
      name: `${town}网格化管理网格信息`, nameEn: `${townEn}: governance grids`,
      summary: `${town}综合网格的划分、所属村居、楼栋户数和专职网格员。`,
      classification: '205003', sharing: 'conditional', conditions: CONDITIONS.grid, cycle: 'monthly',
      items: 'grid_code* grid_name! community_name! grid_area building_count household_count grid_worker_name! grid_worker_phone!',
      keywords: `网格 网格员 基层治理`,
    },
    {
      name: `${town}出租屋登记信息`, nameEn: `${townEn}: rented housing`,
      summary: `${town}出租屋的地址、房东、承租人数、用途和消防检查情况。`,
      classification: '101002', sharing: 'conditional', conditions: CONDITIONS.grid, cycle: 'monthly',
      items: 'rental_house_code* house_address! landlord_name! landlord_id_number! landlord_phone tenant_count! rental_usage! fire_check_status registration_date!',
      keywords: `出租屋 房东 ${town}`, related: ['流动人口居住登记信息'],
    },
    {
      name: `${town}农村集体资产信息`, nameEn: `${townEn}: rural collective assets`,
      summary: `${town}农村集体经济组织的资产、资源清单及经营方式、承租方和租期。`,
      classification: '214002', sharing: 'conditional', cycle: 'yearly',
      conditions: '用于农村集体“三资”监管和审计，需提供业务事项',
      items: 'collective_asset_code* collective_org_name! asset_name! asset_category! asset_location book_value! operation_method! lessee_name lease_term_to',
      keywords: `集体资产 三资 农村`,
    },
    {
      name: `${town}农村集体经济组织成员信息`, nameEn: `${townEn}: members of rural collectives`,
      summary: `${town}农村集体经济组织成员身份确认和股份（份额）情况。`,
      classification: '214002', sharing: 'conditional', cycle: 'yearly',
      conditions: '用于集体收益分配、征地补偿和社会保障核验，需提供业务事项',
      items: 'id_number* full_name! collective_org_name! member_status! share_count confirmation_date!',
      keywords: `集体经济组织 成员 股份`,
    },
    {
      name: `${town}辖区企业服务名录`, nameEn: `${townEn}: local enterprise directory`,
      summary: `${town}挂点服务企业的行业、地址、联系人、年产值和用工人数。`,
      classification: '102001', sharing: 'conditional', conditions: CONDITIONS.enterprise, cycle: 'quarterly',
      items: 'credit_code* entity_name! industry_code! registered_address! contact_name contact_phone annual_output_value employee_count',
      keywords: `企业服务 挂点 ${town}`,
    },
    {
      name: `${town}独居和困难老人关爱服务信息`, nameEn: `${townEn}: care visits to elderly living alone`,
      summary: `${town}独居、空巢和困难老年人的居住情况、关爱等级和探访记录。`,
      classification: '213002', sharing: 'conditional', cycle: 'monthly',
      conditions: '用于居家养老服务、应急救助和关爱探访，需提供业务事项',
      items: 'id_number* full_name! birth_date! residence_address! phone living_situation! care_level! visit_date care_volunteer',
      keywords: `独居老人 关爱 探访`,
    },
    {
      name: `${town}“三小”场所消防安全检查信息`, nameEn: `${townEn}: fire checks of small venues`,
      summary: `${town}小档口、小作坊、小娱乐场所的消防安全检查和隐患整改情况。`,
      classification: '207003', sharing: 'conditional', cycle: 'monthly',
      conditions: '用于消防监督和安全隐患整治，需提供业务事项',
      items: 'inspection_no* premises_name! premises_address! premises_type! inspection_date! hazard_found! hazard_description rectification_deadline rectification_status!',
      keywords: `三小场所 消防检查 隐患`,
    },
    {
      name: `${town}河涌巡查信息`, nameEn: `${townEn}: river patrols`,
      summary: `${town}镇级、村级河长巡河记录及发现问题的处理情况。`,
      classification: '206001', sharing: 'unconditional', cycle: 'weekly',
      items: 'patrol_record_no* river_name! patrol_date! patrol_length_km problem_found! problem_type problem_description handling_status!',
      keywords: `巡河 河长制 河涌`,
    },
    {
      name: `${town}村级工程项目信息`, nameEn: `${townEn}: village works`,
      summary: `${town}村级道路、水利、人居环境等小型工程项目的投资和进度。`,
      classification: '214002', sharing: 'unconditional', open: 'open', cycle: 'quarterly',
      items: 'project_code* project_name! community_name! village_project_type! total_investment! construction_unit start_date completion_date project_status!',
      keywords: `村级工程 人居环境 项目`,
    },
  ];
}
