// Pieces the three audit tabs share: the date range → ISO instants, the result tag and the export buttons.
import { useState } from 'react';
import { App, Button, Space, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n';
import { labelOr } from '../directory/labels';
import type { ExportFormat } from './auditApi';

export type DayRange = [Dayjs | null, Dayjs | null] | null | undefined;

/** Whole days in the viewer's time zone, sent as UTC instants. */
export function rangeToInstants(range: DayRange): { from?: string; to?: string } {
  const [start, end] = range ?? [null, null];
  return { from: start ? start.startOf('day').toISOString() : undefined, to: end ? end.endOf('day').toISOString() : undefined };
}

export const trimmed = (value?: string) => value?.trim() || undefined;

export function ResultTag(props: { result: string | undefined }) {
  const { t } = useI18n();
  if (!props.result) return <>—</>;
  const color = props.result === 'success' ? 'green' : props.result === 'denied' ? 'orange' : 'red';
  return <Tag color={color}>{labelOr(t, `audit.result.${props.result}`, props.result)}</Tag>;
}

/** CSV and XLSX buttons; a refusal (e.g. more than 200,000 rows) is shown as a message. */
export function ExportButtons(props: { onExport(format: ExportFormat): Promise<void>; testId: string }) {
  const { t, errorMessage } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      await props.onExport(format);
    } catch (e: unknown) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space>
      {(['csv', 'xlsx'] as const).map((format) => (
        <Button key={format} icon={<DownloadOutlined />} loading={busy === format} onClick={() => void run(format)} data-testid={`${props.testId}-${format}`}>
          {t(`audit.export.${format}`)}
        </Button>
      ))}
    </Space>
  );
}
