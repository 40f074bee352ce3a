// /exchange/calendar — 节假日: the holiday calendar the 10-working-day deadline of access requests counts
// with ('holiday' closes a weekday, 'workday' opens a weekend day for 调休). Data bureau only.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Popconfirm, Radio, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { StatusTag } from './common';
import { exchangeApi } from './exchangeApi';
import { canEditCalendar } from './permissions';
import type { CalendarDay } from './types';

const WEEKDAY = (day: string, locale: string) => new Date(`${day}T00:00:00`).toLocaleDateString(locale, { weekday: 'short' });

export function CalendarPage() {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { showError, showFormError } = useApiError();
  const [year, setYear] = useState(new Date().getFullYear());
  const calendar = useAsync(() => exchangeApi.calendar(year), [year]);
  const [form] = Form.useForm<{ day: Dayjs; kind: CalendarDay['kind']; name: string }>();
  const editable = canEditCalendar(me);

  const add = async (values: { day: Dayjs; kind: CalendarDay['kind']; name: string }) => {
    try {
      await exchangeApi.putCalendarDay(values.day.format('YYYY-MM-DD'), { kind: values.kind, name: values.name.trim() });
      void message.success(t('common.saved'));
      form.resetFields(['day']);
      if (values.day.year() !== year) setYear(values.day.year());
      else calendar.reload();
    } catch (e) {
      showFormError(form, e);
    }
  };
  const remove = async (day: string) => {
    try {
      await exchangeApi.deleteCalendarDay(day);
      calendar.reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <div>
      <PageHeader title={t('exchange.calendar.title')} subtitle={t('exchange.calendar.subtitle')} />
      {editable && (
        <Card style={{ marginBottom: 16 }}>
          <Form form={form} layout="inline" onFinish={add} initialValues={{ kind: 'holiday' }}>
            <Form.Item name="day" rules={[{ required: true, message: t('exchange.calendar.dayRequired') }]}>
              <DatePicker placeholder={t('exchange.calendar.day')} />
            </Form.Item>
            <Form.Item name="kind">
              <Radio.Group optionType="button">
                <Radio value="holiday">{t('exchange.calendarKind.holiday')}</Radio>
                <Radio value="workday">{t('exchange.calendarKind.workday')}</Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('exchange.calendar.nameRequired') }]}>
              <Input placeholder={t('exchange.calendar.namePlaceholder')} maxLength={100} style={{ width: 220 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />}>
              {t('exchange.calendar.add')}
            </Button>
          </Form>
        </Card>
      )}
      <Card
        title={
          <Space>
            {t('exchange.calendar.year')}
            <InputNumber min={2000} max={2100} value={year} onChange={(value) => value && setYear(value)} />
          </Space>
        }
      >
        {calendar.error != null && <Alert type="error" showIcon title={errorMessage(calendar.error)} style={{ marginBottom: 12 }} />}
        <Table<CalendarDay>
          rowKey="day"
          size="small"
          loading={calendar.loading}
          dataSource={calendar.data?.days ?? []}
          pagination={false}
          data-testid="calendar-table"
          locale={{ emptyText: t('exchange.calendar.empty') }}
          columns={[
            { title: t('exchange.calendar.day'), dataIndex: 'day', width: 140 },
            { title: t('exchange.calendar.weekday'), key: 'weekday', width: 90, render: (_, row) => WEEKDAY(row.day, locale) },
            { title: t('exchange.calendar.kind'), dataIndex: 'kind', width: 110, render: (kind: string) => <StatusTag kind="calendarKind" value={kind} /> },
            { title: t('exchange.calendar.name'), dataIndex: 'name' },
            ...(editable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    width: 80,
                    render: (_: unknown, row: CalendarDay) => (
                      <Popconfirm title={t('exchange.calendar.deleteConfirm')} onConfirm={() => remove(row.day)}>
                        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('exchange.delete')} />
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </div>
  );
}
