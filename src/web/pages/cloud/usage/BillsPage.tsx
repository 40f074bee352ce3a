// /cloud/bills — 账单: a department's monthly bill (line per resource: hours used and the amount), its XLSX export,
// and showback charts of the month by business system and by provider. The IT centre picks the department (or
// sees every department's bill of the month), has the chart by department, and can (re)generate the month's bills.
import { CalculatorOutlined, FileExcelOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { useAuth } from '../../../auth';
import { DepartmentSelect } from '../../../components/departments';
import { formatDateTime } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { billingApi, CLOUD_API } from '../cloudApi';
import type { Bill, BillLine } from '../types';
import { CostBars, CostPie } from './charts';
import { isItCentre, monthOf } from './logic';
import { yuan } from './parts';

export function BillsPage() {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const itCentre = isItCentre(me);
  const [month, setMonth] = useState(() => monthOf(new Date()));
  const [chosenDepartment, setChosenDepartment] = useState<string | undefined>();
  const departmentId = itCentre ? chosenDepartment : (me?.departmentId ?? undefined);
  const [generating, setGenerating] = useState(false);

  const bill = useAsync(async () => {
    if (!departmentId) return null;
    try {
      return await billingApi.bill(departmentId, month);
    } catch (e) {
      // No usage metered yet this month, or the month has not been generated: an empty state, not an error.
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }, [departmentId, month]);
  const monthBills = useAsync(() => (itCentre && !departmentId ? billingApi.bills({ month }) : Promise.resolve([])), [itCentre, departmentId, month]);
  const bySystem = useAsync(() => billingApi.showback(month, 'business_system'), [month]);
  const byProvider = useAsync(() => billingApi.showback(month, 'provider'), [month]);
  const byDepartment = useAsync(() => (itCentre ? billingApi.showback(month, 'department') : Promise.resolve([])), [itCentre, month]);

  const reload = () => {
    bill.reload();
    monthBills.reload();
    bySystem.reload();
    byProvider.reload();
    byDepartment.reload();
  };

  const generate = async () => {
    setGenerating(true);
    try {
      await billingApi.generate(month);
      void message.success(t('cloudUsage.bills.generated', { month }));
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setGenerating(false);
    }
  };

  const data = bill.data;
  const chartError = bySystem.error ?? byProvider.error ?? byDepartment.error;
  return (
    <div>
      <PageHeader
        title={t('cloudUsage.bills.title')}
        subtitle={t(itCentre ? 'cloudUsage.bills.subtitleItCentre' : 'cloudUsage.bills.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={reload}>
              {t('common.refresh')}
            </Button>
            {itCentre && (
              <Button icon={<CalculatorOutlined />} loading={generating} onClick={() => void generate()} data-testid="bills-generate">
                {t('cloudUsage.bills.generate')}
              </Button>
            )}
            {data && departmentId && (
              <Button type="primary" icon={<FileExcelOutlined />} href={`${CLOUD_API}/bills/${encodeURIComponent(departmentId)}/${encodeURIComponent(month)}/xlsx`} download data-testid="bills-xlsx">
                {t('cloudUsage.bills.export')}
              </Button>
            )}
          </>
        }
      />
      <Space style={{ marginBottom: 12 }} wrap>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(value) => value && setMonth(value.format('YYYY-MM'))}
          disabledDate={(value) => value.format('YYYY-MM') > monthOf(new Date())}
          data-testid="bills-month"
        />
        {itCentre ? (
          <DepartmentSelect value={chosenDepartment} onChange={setChosenDepartment} placeholder={t('cloudUsage.filter.allDepartments')} />
        ) : (
          <Typography.Text type="secondary">{me?.departmentName}</Typography.Text>
        )}
      </Space>

      {itCentre && !departmentId && (
        <Card title={t('cloudUsage.bills.monthBills', { month })} style={{ marginBottom: 16 }}>
          {monthBills.error != null && <Alert type="error" showIcon title={errorMessage(monthBills.error)} style={{ marginBottom: 12 }} />}
          <Table<Omit<Bill, 'lines'>>
            rowKey="id"
            size="small"
            loading={monthBills.loading}
            dataSource={monthBills.data ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            data-testid="bills-of-month"
            locale={{ emptyText: t('cloudUsage.bills.noneOfMonth') }}
            columns={[
              {
                title: t('cloudUsage.field.department'),
                dataIndex: 'departmentName',
                render: (name: string, row) => (
                  <Typography.Link onClick={() => setChosenDepartment(row.departmentId)}>{name}</Typography.Link>
                ),
              },
              { title: t('common.status'), dataIndex: 'status', render: (status: Bill['status']) => <BillStatusTag status={status} /> },
              { title: t('cloudUsage.bills.generatedAt'), dataIndex: 'generatedAt', render: (value: string) => formatDateTime(value, locale) },
              { title: t('cloudUsage.field.amount'), dataIndex: 'totalFen', align: 'right', render: (fen: number) => yuan(fen, locale) },
            ]}
            summary={(rows) =>
              rows.length > 1 ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={3}>
                    <strong>{t('cloudUsage.bills.total')}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    <strong>{yuan(rows.reduce((sum, row) => sum + row.totalFen, 0), locale)}</strong>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              ) : null
            }
          />
        </Card>
      )}

      {departmentId && (
        <Card style={{ marginBottom: 16 }} title={t('cloudUsage.bills.billOf', { month, department: data?.departmentName ?? '' })} loading={bill.loading && !bill.data}>
          {bill.error != null && <Alert type="error" showIcon title={errorMessage(bill.error)} style={{ marginBottom: 12 }} />}
          {data ? <BillView bill={data} /> : !bill.loading && bill.error == null && <Empty description={t('cloudUsage.bills.none')} />}
        </Card>
      )}

      {chartError != null && <Alert type="error" showIcon title={errorMessage(chartError)} style={{ marginBottom: 12 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('cloudUsage.showback.bySystem', { month })} loading={bySystem.loading && !bySystem.data}>
            <CostPie rows={bySystem.data ?? []} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('cloudUsage.showback.byProvider', { month })} loading={byProvider.loading && !byProvider.data}>
            <CostBars rows={byProvider.data ?? []} />
          </Card>
        </Col>
        {itCentre && (
          <Col xs={24}>
            <Card title={t('cloudUsage.showback.byDepartment', { month })} loading={byDepartment.loading && !byDepartment.data}>
              <CostBars rows={byDepartment.data ?? []} />
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}

function BillStatusTag({ status }: { status: Bill['status'] }) {
  const { t } = useI18n();
  return <Tag color={status === 'closed' ? 'default' : 'processing'}>{t(`cloudUsage.billStatus.${status}`)}</Tag>;
}

function BillView({ bill }: { bill: Bill }) {
  const { t, locale } = useI18n();
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('cloudUsage.bills.total')}>
          <Typography.Text strong data-testid="bill-total">
            {yuan(bill.totalFen, locale)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('common.status')}>
          <BillStatusTag status={bill.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('cloudUsage.bills.generatedAt')}>{formatDateTime(bill.generatedAt, locale)}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">{t('cloudUsage.bills.howCharged')}</Typography.Paragraph>
      <Table<BillLine>
        rowKey="id"
        size="small"
        dataSource={bill.lines}
        scroll={{ x: 1000 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="bill-lines"
        locale={{ emptyText: t('cloudUsage.bills.noLines') }}
        columns={[
          { title: t('cloudUsage.field.system'), dataIndex: 'businessSystemName', render: (name: string, row) => <Link to={`/cloud/systems/${row.businessSystemId}`}>{name}</Link> },
          { title: t('cloudUsage.field.provider'), dataIndex: 'providerName' },
          { title: t('cloudUsage.field.offering'), dataIndex: 'offeringName' },
          {
            title: t('cloudUsage.field.resource'),
            dataIndex: 'resourceName',
            render: (name: string, row) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/cloud/resources/${row.resourceId}`}>{name}</Link>
                {row.description && row.description !== name && <Typography.Text type="secondary">{row.description}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('cloudUsage.field.hours'), dataIndex: 'hours', align: 'right', render: (hours: number) => hours.toLocaleString(locale) },
          { title: t('cloudUsage.field.monthlyPrice'), dataIndex: 'monthlyFen', align: 'right', render: (fen: number) => yuan(fen, locale) },
          { title: t('cloudUsage.field.amount'), dataIndex: 'amountFen', align: 'right', render: (fen: number) => yuan(fen, locale) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={6}>
              <strong>{t('cloudUsage.bills.total')}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={6} align="right">
              <strong>{yuan(bill.totalFen, locale)}</strong>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </>
  );
}
