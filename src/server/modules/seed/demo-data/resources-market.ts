// Legal-entity and market resources: market supervision (登记、许可、抽检、信用), tax and commerce.
import { CONDITIONS, NOT_SHARED_BASES, PENALTY_ITEMS, type DepartmentTemplates } from './template.js';

const ECERT_ITEMS =
  'ecert_id* cert_type_name! cert_type_code! cert_no! holder_name! holder_code! holder_code_type! issuer_name! issuer_code! ' +
  'issue_date! valid_from valid_to area_code cert_status!';

export const marketTemplates: DepartmentTemplates = {
  scj: [
    {
      name: '市场主体登记信息', nameEn: 'Market entity registrations',
      summary: '企业、个体工商户和农民专业合作社的设立、变更、注销登记信息，是法人基础库的权威来源。',
      classification: '102001', sharing: 'unconditional', open: 'open', cycle: 'daily',
      items: 'credit_code* entity_name! entity_type! legal_representative! registered_capital currency establish_date! business_term_from ' +
        'business_term_to business_scope! registered_address! industry_code registration_authority! approval_date registration_status!',
      keywords: '市场主体 营业执照 企业登记 法人', related: ['企业年度报告信息', '经营异常名录信息', '营业执照电子证照信息'],
    },
    {
      name: '食品经营许可信息', nameEn: 'Food business licences',
      summary: '食品销售、餐饮服务等食品经营许可的核发、变更和注销信息。',
      classification: '202001', sharing: 'unconditional', open: 'open', cycle: 'daily',
      items: 'licence_cert_no* party_name! party_credit_code! legal_representative business_premises! main_business_format! ' +
        'business_items! decision_date! valid_to! authority_name! licence_status!',
      keywords: '食品经营许可 餐饮 双公示',
    },
    {
      name: '行政处罚信息', nameEn: 'Administrative penalties (market supervision)',
      summary: '市场监管领域作出的行政处罚决定，按“双公示”要求在作出决定之日起7个工作日内公示，自然人证件号码脱敏。',
      classification: '202002', sharing: 'unconditional', cycle: 'daily', items: PENALTY_ITEMS,
      keywords: '行政处罚 双公示 市场监管 信用',
    },
    {
      name: '食品生产许可信息', nameEn: 'Food production licences',
      summary: '食品、食品添加剂生产许可（SC）的获证企业、食品类别和有效期。',
      classification: '202001', sharing: 'unconditional', open: 'open', cycle: 'daily',
      items: 'licence_cert_no* party_name! party_credit_code! legal_representative production_address! food_category! decision_date! ' +
        'valid_to! authority_name! licence_status!',
      keywords: '食品生产许可 SC 双公示',
    },
    {
      name: '个体工商户登记信息', nameEn: 'Individual business registrations',
      summary: '个体工商户的经营者、经营场所、组成形式和登记状态。',
      classification: '102001', sharing: 'conditional', cycle: 'daily',
      conditions: '用于个体工商户扶持政策兑现、税费协作和社会救助核对，需提供业务事项和依据',
      items: 'credit_code* entity_name! operator_name! operator_id_number! business_scope business_address! establish_date! ' +
        'funding_amount composition_form registration_status!',
      keywords: '个体工商户 经营者 登记',
    },
    {
      name: '农民专业合作社登记信息', nameEn: 'Farmers\' cooperative registrations',
      summary: '农民专业合作社的设立登记、成员数和成员出资总额。',
      classification: '102001', sharing: 'unconditional', open: 'open', cycle: 'weekly',
      items: 'credit_code* entity_name! legal_representative member_count registered_capital business_scope! registered_address! ' +
        'establish_date! registration_status!',
      keywords: '农民专业合作社 合作社 登记',
    },
    {
      name: '经营异常名录信息', nameEn: 'List of entities with abnormal operations',
      summary: '因未按期年报、通过登记住所无法联系等原因列入和移出经营异常名录的记录。',
      classification: '104001', sharing: 'unconditional', open: 'open', cycle: 'daily',
      items: 'credit_code* listing_date* entity_name! listing_reason! listing_authority! removal_reason removal_date removal_authority',
      keywords: '经营异常名录 信用监管 年报',
    },
    {
      name: '严重违法失信名单信息', nameEn: 'List of seriously illegal and dishonest entities',
      summary: '列入市场监督管理严重违法失信名单的主体及列入事由、决定文书号。',
      classification: '104001', sharing: 'unconditional', open: 'open', cycle: 'daily',
      items: 'credit_code* listing_date* entity_name! legal_representative listing_reason! listing_document_no! listing_authority! removal_date',
      keywords: '严重违法失信 黑名单 联合惩戒',
    },
    {
      name: '企业年度报告信息', nameEn: 'Annual reports of enterprises',
      summary: '企业通过国家企业信用信息公示系统报送的年度报告，含从业人数、资产、营收和纳税等经营数据。',
      classification: '102001', sharing: 'conditional', conditions: CONDITIONS.enterprise, cycle: 'yearly',
      items: 'credit_code* report_year* entity_name! employee_count total_assets total_revenue main_business_revenue total_tax ' +
        'net_profit total_liabilities social_insurance_count',
      keywords: '企业年报 经营数据 信用公示',
    },
    {
      name: '特种设备使用登记信息', nameEn: 'Special equipment registrations',
      summary: '锅炉、压力容器、电梯、起重机械等特种设备的使用登记和定期检验信息。',
      classification: '207001', sharing: 'conditional', cycle: 'monthly',
      conditions: '用于安全生产监管、应急救援和消防检查，需提供业务事项',
      items: 'equipment_registration_no* equipment_category! equipment_code! user_unit_name! user_unit_credit_code! installation_address! ' +
        'manufacturer inspection_date next_inspection_date! equipment_status!',
      keywords: '特种设备 电梯 压力容器 检验',
    },
    {
      name: '药品零售企业许可信息', nameEn: 'Retail pharmacy licences',
      summary: '药品零售企业（药店）经营许可的核发、换证和注销信息。',
      classification: '202001', sharing: 'unconditional', open: 'open', cycle: 'daily',
      items: 'licence_cert_no* party_name! party_credit_code! legal_representative business_premises! business_scope! decision_date! ' +
        'valid_to! authority_name! licence_status!',
      keywords: '药品经营许可 药店 零售',
    },
    {
      name: '第二类医疗器械经营备案信息', nameEn: 'Class II medical device trading filings',
      summary: '第二类医疗器械经营企业的备案凭证、经营场所和库房地址。',
      classification: '102004', sharing: 'unconditional', open: 'open', cycle: 'weekly',
      items: 'filing_no* party_name! party_credit_code! business_premises! warehouse_address business_scope! filing_date! authority_name!',
      keywords: '医疗器械 经营备案',
    },
    {
      name: '强制检定计量器具信息', nameEn: 'Measuring instruments under compulsory verification',
      summary: '用于贸易结算、安全防护、医疗卫生、环境监测的强制检定计量器具及检定结果。',
      classification: 'department', sharing: 'conditional', conditions: CONDITIONS.enforcement, cycle: 'quarterly',
      items: 'instrument_no* instrument_name! model_spec user_unit_name! user_unit_credit_code! verification_date! verification_result! ' +
        'next_verification_date verification_org',
      keywords: '计量器具 强制检定 加油机 电子秤',
    },
    {
      name: '产品质量监督抽查信息', nameEn: 'Product quality spot checks',
      summary: '区级产品质量监督抽查的抽样、检验结果和不合格项目。',
      classification: '104001', sharing: 'unconditional', open: 'open', cycle: 'monthly',
      items: 'sampling_no* product_name! model_spec batch_no producer_name! producer_credit_code sampled_unit_name sampling_date! ' +
        'inspection_result! unqualified_items inspection_org!',
      keywords: '产品质量 监督抽查 不合格',
    },
    {
      name: '食品安全抽检信息', nameEn: 'Food safety sampling inspections',
      summary: '食品安全监督抽检和风险监测的抽样信息、检验结论和不合格项目。',
      classification: '208002', sharing: 'unconditional', open: 'open', cycle: 'weekly',
      items: 'sampling_no* food_name! food_category! batch_no producer_name! sampled_unit_name! sampling_date! inspection_result! ' +
        'unqualified_items inspection_org!',
      keywords: '食品安全 抽检 不合格食品',
    },
    {
      name: '股权出质登记信息', nameEn: 'Equity pledge registrations',
      summary: '有限责任公司和股份有限公司股权出质的设立、变更和注销登记。',
      classification: '102001', sharing: 'conditional', conditions: CONDITIONS.enterprise, cycle: 'daily',
      items: 'pledge_registration_no* entity_name! credit_code! pledgor_name! pledgee_name! pledged_equity_amount! registration_date! pledge_status!',
      keywords: '股权出质 质押 登记',
    },
    {
      name: '动产抵押登记信息', nameEn: 'Chattel mortgage registrations',
      summary: '企业、个体工商户和农业生产经营者以生产设备、原材料等动产抵押的登记信息。',
      classification: '102001', sharing: 'conditional', conditions: CONDITIONS.enterprise, cycle: 'daily',
      items: 'mortgage_registration_no* mortgagor_name! mortgagee_name! secured_debt_amount! collateral_description! debt_term_from ' +
        'debt_term_to registration_date! mortgage_status!',
      keywords: '动产抵押 登记 融资',
    },
    {
      name: '企业注销登记信息', nameEn: 'Enterprise deregistrations',
      summary: '普通注销和简易注销的企业及注销原因、日期。',
      classification: '102001', sharing: 'unconditional', open: 'open', cycle: 'daily',
      items: 'credit_code* entity_name! deregistration_type! deregistration_reason! deregistration_date! registration_authority!',
      keywords: '企业注销 简易注销',
    },
    {
      name: '消费投诉举报信息', nameEn: 'Consumer complaints and reports',
      summary: '12315平台受理的消费投诉、举报及处理结果。',
      classification: 'department', sharing: 'conditional', cycle: 'daily',
      conditions: '用于消费维权协同处置和信用监管，需提供业务事项；投诉人信息仅限承办人员知悉',
      items: 'complaint_no* complainant_name complainant_phone respondent_name! respondent_credit_code complaint_type! complaint_content! ' +
        'received_time! handling_result handling_status! closed_date',
      keywords: '12315 消费投诉 举报',
    },
    {
      name: '工业产品生产许可证获证企业信息', nameEn: 'Industrial product production licence holders',
      summary: '辖区取得工业产品生产许可证的企业及产品单元、有效期。',
      classification: '202001', sharing: 'unconditional', open: 'open', cycle: 'monthly',
      items: 'licence_cert_no* party_name! party_credit_code! production_address! product_name! decision_date! valid_to! authority_name! licence_status!',
      keywords: '工业产品 生产许可证',
    },
    {
      name: '营业执照电子证照信息', nameEn: 'Business licence e-certificates',
      summary: '按 GB/T 36904 生成的营业执照电子证照元数据，含证照标识、持证主体和证照状态。',
      classification: '105002', sharing: 'unconditional', cycle: 'daily', items: ECERT_ITEMS,
      keywords: '电子证照 营业执照 证照标识', related: ['市场主体登记信息'],
    },
    {
      name: '网络交易经营者信息', nameEn: 'Online traders',
      summary: '辖区在电商平台开设店铺的网络交易经营者及平台、店铺信息。',
      classification: 'department', sharing: 'unconditional', open: 'open', cycle: 'monthly',
      items: 'credit_code* store_name* entity_name! platform_name! store_url business_category registered_address store_status!',
      keywords: '网络交易 电商 网店',
    },
  ],
  swj: [
    {
      name: '纳税人登记信息', nameEn: 'Taxpayer registrations',
      summary: '辖区单位纳税人和个体工商户的税务登记（信息确认）信息，含纳税人资格、行业和主管税务机关。',
      classification: '204001', sharing: 'conditional', conditions: CONDITIONS.tax, cycle: 'daily',
      items: 'taxpayer_id* taxpayer_name! taxpayer_status! registration_type! industry_code! legal_representative registered_address ' +
        'production_address taxpayer_qualification tax_authority! tax_registration_date!',
      keywords: '纳税人 税务登记 综合治税', related: ['市场主体登记信息'],
    },
    {
      name: '纳税信用等级评价信息', nameEn: 'Tax credit ratings',
      summary: '年度纳税信用评价结果，A级纳税人名单依法向社会公开。',
      classification: '104003', sharing: 'unconditional', open: 'open', cycle: 'yearly',
      items: 'taxpayer_id* evaluation_year* taxpayer_name! credit_rating! evaluation_authority!',
      keywords: '纳税信用 A级纳税人 信用评价',
    },
    {
      name: '欠税公告信息', nameEn: 'Tax arrears announcements',
      summary: '按季度公告的欠缴税款纳税人、欠税税种和欠税余额。',
      classification: '104001', sharing: 'unconditional', open: 'open', cycle: 'quarterly',
      items: 'taxpayer_id* announcement_period* taxpayer_name! legal_representative tax_type! arrears_amount! new_arrears_amount tax_authority!',
      keywords: '欠税 公告 税款',
    },
    {
      name: '重大税收违法失信主体信息', nameEn: 'Entities with major tax violations',
      summary: '达到重大税收违法失信主体标准的纳税人及主要违法事实，用于联合惩戒。',
      classification: '104001', sharing: 'unconditional', open: 'open', cycle: 'monthly',
      items: 'taxpayer_id* taxpayer_name! legal_representative case_nature! main_facts! penalty_content listing_date! tax_authority!',
      keywords: '税收违法 失信 联合惩戒',
    },
    {
      name: '增值税发票开具汇总信息', nameEn: 'VAT invoice issuance totals',
      summary: '按纳税人、所属期和发票种类汇总的发票开具份数、金额和税额。',
      classification: '204002', sharing: 'conditional', conditions: CONDITIONS.tax, cycle: 'monthly',
      items: 'taxpayer_id* tax_period* invoice_type* taxpayer_name! invoice_count! invoice_amount! invoice_tax_amount!',
      keywords: '发票 增值税 综合治税',
    },
    {
      name: '税收收入分行业分税种统计', nameEn: 'Tax revenue by industry and tax type',
      summary: '按行业门类和税种统计的月度税收收入及同比增幅、区级留成。',
      classification: '204003', sharing: 'conditional', cycle: 'monthly', format: 'spreadsheet', methods: ['file'],
      conditions: '用于财源建设和经济运行分析，需提供使用部门和用途，不得对外发布',
      items: 'stat_period* industry_code* tax_type* tax_revenue! yoy_growth district_retained_revenue',
      keywords: '税收收入 财源 统计',
    },
    {
      name: '个人所得税明细申报信息', nameEn: 'Individual income tax returns',
      summary: '扣缴义务人全员全额扣缴申报的个人所得税明细。',
      classification: '204002', sharing: 'not_shared', basis: NOT_SHARED_BASES.personalIncomeTax, cycle: 'monthly',
      items: 'id_number* tax_period* income_item* full_name! withholding_agent_id! income_amount! tax_paid!',
      keywords: '个人所得税 扣缴申报',
    },
    {
      name: '企业所得税汇算清缴信息', nameEn: 'Corporate income tax annual settlements',
      summary: '居民企业年度企业所得税汇算清缴申报的收入、利润、应纳税所得额和减免税额。',
      classification: '204002', sharing: 'conditional', conditions: CONDITIONS.tax, cycle: 'yearly',
      items: 'taxpayer_id* tax_year* taxpayer_name! total_revenue! total_profit taxable_income! tax_payable! tax_relief_amount',
      keywords: '企业所得税 汇算清缴 研发加计扣除',
    },
    {
      name: '房产税和城镇土地使用税税源信息', nameEn: 'Property tax and land use tax sources',
      summary: '纳税人申报的房产原值、土地面积和等级等税源明细，用于土地税源比对。',
      classification: '204001', sharing: 'conditional', conditions: CONDITIONS.tax, cycle: 'quarterly',
      items: 'tax_source_no* taxpayer_id! taxpayer_name! property_address! land_area building_area land_grade original_value tax_payable!',
      keywords: '房产税 土地使用税 税源', related: ['不动产登记信息'],
    },
    {
      name: '车船税代收代缴信息', nameEn: 'Vehicle and vessel tax collected by insurers',
      summary: '保险机构在办理交强险时代收代缴的车船税明细。',
      classification: '204002', sharing: 'conditional', conditions: CONDITIONS.tax, cycle: 'monthly',
      items: 'plate_number* tax_year* vehicle_type owner_name! vehicle_tax_amount! collecting_insurer! payment_date!',
      keywords: '车船税 代收代缴 交强险',
    },
  ],
  swuj: [
    {
      name: '外商投资企业信息', nameEn: 'Foreign-invested enterprises',
      summary: '辖区外商投资企业的投资方国别、投资总额和注册资本。',
      classification: '102001', sharing: 'unconditional', open: 'open', cycle: 'monthly',
      items: 'credit_code* entity_name! investor_country! total_investment registered_capital industry_code establish_date! registered_address',
      keywords: '外商投资 外资企业 招商',
    },
    {
      name: '对外贸易经营者备案信息', nameEn: 'Foreign trade operator filings',
      summary: '对外贸易经营者备案登记信息，用于进出口企业服务和统计。',
      classification: '102004', sharing: 'unconditional', open: 'open', cycle: 'weekly',
      items: 'filing_no* entity_name! credit_code! customs_code filing_date! registered_address',
      keywords: '外贸 进出口 备案',
    },
    {
      name: '成品油零售经营许可信息', nameEn: 'Retail fuel licences',
      summary: '加油站成品油零售经营批准证书的核发和年检信息。',
      classification: '202001', sharing: 'unconditional', open: 'open', cycle: 'monthly',
      items: 'licence_cert_no* party_name! party_credit_code! station_address! tank_capacity decision_date! valid_to! authority_name! licence_status!',
      keywords: '成品油 加油站 许可',
    },
    {
      name: '限额以上商贸企业经营情况', nameEn: 'Trading enterprises above the statistical threshold',
      summary: '限额以上批发零售、住宿餐饮企业的月度销售额和零售额，用于消费形势监测。',
      classification: 'department', sharing: 'conditional', conditions: CONDITIONS.enterprise, cycle: 'monthly',
      format: 'spreadsheet', methods: ['file'],
      items: 'credit_code* stat_period* entity_name! industry_code! retail_sales! total_sales yoy_growth',
      keywords: '限上企业 社会消费品零售 商贸',
    },
  ],
};
