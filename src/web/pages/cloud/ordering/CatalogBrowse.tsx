// /cloud/catalog — 服务目录: the offerings in the nine categories (a left menu with counts, a search box), one card
// each with its provider, description and the price of its default configuration. The category and the search live
// in the address (?category=&q=), so a link or the back button brings the same view back.
import { SearchOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Col, Empty, Flex, Input, Menu, Row, Skeleton, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { catalogApi } from '../cloudApi';
import { CLOUD_CATEGORIES, formatFen } from '../types';
import type { CloudCategory, Offering } from '../types';
import { countByCategory, localName, matchesSearch, offeringDescription } from './logic';

const ALL = 'all';

export function CatalogBrowse() {
  const { t, locale, errorMessage } = useI18n();
  const { hasRole } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const category = CLOUD_CATEGORIES.find((key) => key === params.get('category'));
  const q = params.get('q') ?? '';
  // One load of the whole active catalog (tens of offerings): counts per category and the search stay instant.
  const offerings = useAsync(() => catalogApi.offerings(), []);

  const searched = useMemo(() => (offerings.data ?? []).filter((offering) => offering.status === 'active' && matchesSearch(offering, q)), [offerings.data, q]);
  const counts = useMemo(() => countByCategory(searched), [searched]);
  const shown = category ? searched.filter((offering) => offering.category === category) : searched;

  const update = (next: { category?: CloudCategory | typeof ALL; q?: string }) => {
    const merged = new URLSearchParams(params);
    if (next.category !== undefined) {
      if (next.category === ALL) merged.delete('category');
      else merged.set('category', next.category);
    }
    if (next.q !== undefined) {
      if (next.q) merged.set('q', next.q);
      else merged.delete('q');
    }
    setParams(merged, { replace: true });
  };

  return (
    <div>
      <PageHeader
        title={t('cloud.catalog.title')}
        subtitle={t('cloud.catalog.subtitle')}
        extra={
          hasRole('dept_admin', 'dept_operator') ? (
            <Button icon={<ShoppingCartOutlined />} onClick={() => navigate('/cloud/cart')} data-testid="go-cart">
              {t('cloud.cart.open')}
            </Button>
          ) : undefined
        }
      />
      {offerings.error != null && <Alert type="error" showIcon title={errorMessage(offerings.error)} style={{ marginBottom: 12 }} />}
      <Row gutter={16}>
        <Col xs={24} md={6} lg={5}>
          <Card size="small" styles={{ body: { padding: 4 } }}>
            <Menu
              mode="inline"
              selectedKeys={[category ?? ALL]}
              onClick={({ key }) => update({ category: key as CloudCategory | typeof ALL })}
              data-testid="category-menu"
              items={[
                { key: ALL, label: <CategoryLabel text={t('cloud.category.all')} count={searched.length} /> },
                ...CLOUD_CATEGORIES.map((key) => ({ key, label: <CategoryLabel text={t(`cloud.category.${key}`)} count={counts[key]} /> })),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={18} lg={19}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('cloud.catalog.search')}
            defaultValue={q}
            onChange={(event) => update({ q: event.target.value })}
            style={{ maxWidth: 420, marginBottom: 16 }}
            data-testid="catalog-search"
          />
          {offerings.loading && !offerings.data ? (
            <Skeleton active />
          ) : shown.length === 0 ? (
            <Empty description={t('cloud.catalog.empty')} />
          ) : (
            <Row gutter={[16, 16]}>
              {shown.map((offering) => (
                <Col key={offering.id} xs={24} sm={12} xl={8}>
                  <OfferingCard offering={offering} locale={locale} onOpen={() => navigate(`/cloud/catalog/${offering.id}`)} />
                </Col>
              ))}
            </Row>
          )}
        </Col>
      </Row>
    </div>
  );
}

function CategoryLabel({ text, count }: { text: string; count: number }) {
  return (
    <Flex justify="space-between" align="center">
      <span>{text}</span>
      <Badge count={count} showZero color={count ? '#1677ff' : '#d9d9d9'} size="small" />
    </Flex>
  );
}

function OfferingCard({ offering, locale, onOpen }: { offering: Offering; locale: 'zh-CN' | 'en-US'; onOpen(): void }) {
  const { t } = useI18n();
  return (
    <Card
      hoverable
      onClick={onOpen}
      data-testid={`offering-${offering.code}`}
      title={localName(offering, locale)}
      extra={<Tag>{t(`cloud.category.${offering.category}`)}</Tag>}
      style={{ height: '100%' }}
    >
      <Typography.Text type="secondary">{offering.providerName}</Typography.Text>
      <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ marginTop: 8, minHeight: 66 }}>
        {offeringDescription(offering, locale)}
      </Typography.Paragraph>
      <Flex justify="space-between" align="center">
        <Typography.Text strong data-testid="offering-from-price">
          {offering.fromMonthlyFen !== null
            ? t('cloud.catalog.fromPrice', { price: formatFen(offering.fromMonthlyFen, locale) })
            : t('cloud.catalog.noPrice')}
        </Typography.Text>
        {/* the whole card opens the offering; the link only makes that visible */}
        <Button type="link">{t('cloud.catalog.order')}</Button>
      </Flex>
    </Card>
  );
}
