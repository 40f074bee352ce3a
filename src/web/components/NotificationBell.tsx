// The header's bell: the unread count (asked again every 30 s, and when the list opens), a list of the latest
// notifications in the console's language with their time and link, mark one or all read. A console without the
// notifications endpoint, or a failed poll, leaves the bell quiet rather than showing an error in every page.
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, Popover, Spin, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n';
import type { Locale } from '../i18n';
import { notificationApi } from '../pages/cloud/cloudApi';
import type { NotificationView } from '../pages/cloud/types';
import { formatDateTime } from './format';
import { useApiError } from './useApiError';

export const NOTIFICATION_POLL_MS = 30_000;
const LIST_LIMIT = 20;

export function notificationTitle(item: Pick<NotificationView, 'title' | 'titleEn'>, locale: Locale): string {
  return locale === 'en-US' && item.titleEn ? item.titleEn : item.title;
}

export function NotificationBell(props: { className?: string }) {
  const { t, locale } = useI18n();
  const { showError } = useApiError();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);
  const [items, setItems] = useState<NotificationView[]>([]);
  const [open, setOpen] = useState(false);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  const load = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const answer = await notificationApi.list({ limit: LIST_LIMIT });
      if (ticket !== latest.current) return;
      setItems(answer.items);
      setUnread(answer.unread);
    } catch {
      // quiet: the next poll tries again
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      // A tab in the background does not need fresh counts; it catches up when it is looked at again.
      if (typeof document !== 'undefined' && document.hidden) return;
      void load();
    }, NOTIFICATION_POLL_MS);
    const onVisible = () => {
      if (!document.hidden) void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load]);

  const toggle = (next: boolean) => {
    setOpen(next);
    if (next) {
      setLoading(true);
      void load().finally(() => setLoading(false));
    }
  };

  const markRead = async (ids: string[] | 'all') => {
    try {
      if (ids === 'all') await notificationApi.markAllRead();
      else await notificationApi.markRead(ids);
      // Reflect it at once; the next load confirms the server's count.
      setItems((current) => current.map((item) => (ids === 'all' || ids.includes(item.id) ? { ...item, read: true } : item)));
      setUnread((count) => (ids === 'all' ? 0 : Math.max(0, count - ids.length)));
      void load();
    } catch (e) {
      showError(e);
    }
  };

  const openItem = (item: NotificationView) => {
    if (!item.read) void markRead([item.id]);
    if (item.link && item.link.startsWith('/')) {
      setOpen(false);
      navigate(item.link);
    }
  };

  const content = (
    <div style={{ width: 360 }} data-testid="notification-list">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button type="link" size="small" disabled={unread === 0} onClick={() => void markRead('all')} data-testid="notifications-read-all">
          {t('notifications.readAll')}
        </Button>
      </Flex>
      <Spin spinning={loading && items.length === 0}>
        {items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
        ) : (
          <div style={{ maxHeight: 420, overflowY: 'auto' }} role="list">
            {items.map((item) => (
              <Flex
                key={item.id}
                role="listitem"
                gap={8}
                align="flex-start"
                onClick={() => openItem(item)}
                style={{
                  cursor: item.link ? 'pointer' : 'default',
                  opacity: item.read ? 0.65 : 1,
                  padding: '8px 4px',
                  borderTop: '1px solid rgba(5, 5, 5, 0.06)',
                }}
                data-testid="notification-item"
              >
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Flex gap={6} align="center">
                    {!item.read && <Badge status="processing" />}
                    <Typography.Text strong={!item.read} ellipsis>
                      {notificationTitle(item, locale)}
                    </Typography.Text>
                  </Flex>
                  {item.body && (
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 12 }}>
                      {item.body}
                    </Typography.Paragraph>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(item.createdAt, locale)}
                  </Typography.Text>
                </div>
                {!item.read && (
                  <Button
                    type="link"
                    size="small"
                    onClick={(event) => {
                      event.stopPropagation();
                      void markRead([item.id]);
                    }}
                  >
                    {t('notifications.markRead')}
                  </Button>
                )}
              </Flex>
            ))}
          </div>
        )}
      </Spin>
    </div>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={toggle}>
      <Button type="text" className={props.className} aria-label={t('notifications.title')} data-testid="notification-bell">
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18, color: 'inherit' }} />
        </Badge>
      </Button>
    </Popover>
  );
}
