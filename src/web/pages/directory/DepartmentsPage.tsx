// Departments as a tree (parentId links), with create/edit for the system admin.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Input, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, EnvironmentOutlined, PlusOutlined, SubnodeOutlined } from '@ant-design/icons';
import { directoryApi } from '../../api/directory';
import type { Department, Region } from '../../api/types';
import { useAuth } from '../../auth';
import { buildDepartmentTree, filterWithAncestors, invalidateDepartments, useDepartments } from '../../components/departments';
import type { DepartmentNode } from '../../components/departments';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { DepartmentDrawer } from './DepartmentDrawer';
import type { DepartmentDrawerState } from './DepartmentDrawer';
import { RegionModal } from './RegionModal';
import { kindLabel, regionLabel, StatusTag } from './labels';

export function DepartmentsPage() {
  const { t, locale, errorMessage } = useI18n();
  const { hasRole } = useAuth();
  const canEdit = hasRole('system_admin');
  const { departments, loading, error } = useDepartments();
  const regions = useAsync(() => directoryApi.regions(), []);
  const [query, setQuery] = useState('');
  const [drawer, setDrawer] = useState<DepartmentDrawerState | null>(null);
  const [regionModalOpen, setRegionModalOpen] = useState(false);

  const regionsByCode = useMemo(
    () => new Map((regions.data ?? []).map((region) => [region.code, region] as [string, Region])),
    [regions.data],
  );
  const visible = useMemo(() => filterWithAncestors(departments, query), [departments, query]);
  const tree = useMemo(() => buildDepartmentTree(visible), [visible]);

  // The tree opens fully whenever the rows change (first load, a search, an edit); the person can fold it after.
  const [expandedKeys, setExpandedKeys] = useState<readonly React.Key[]>([]);
  useEffect(() => {
    const parents = new Set(visible.map((department) => department.parentId).filter((id): id is string => !!id));
    setExpandedKeys([...parents]);
  }, [visible]);

  const columns: TableColumnsType<DepartmentNode> = [
    {
      title: t('directory.department.name'),
      dataIndex: 'name',
      // Inline and unwrapped, so the tree's indent and expand button stay on the line of the name.
      render: (name: string, row) => (
        <span className="zs-tree-cell">
          <Typography.Text strong={!row.parentId}>{name}</Typography.Text>
          {row.shortCode && (
            <Typography.Text type="secondary" className="zs-small">
              {t('directory.department.shortCode')}: {row.shortCode}
            </Typography.Text>
          )}
        </span>
      ),
    },
    { title: t('directory.department.nameEn'), dataIndex: 'nameEn', width: 260, render: (value: string | null) => value || '—' },
    {
      title: t('directory.department.creditCode'),
      dataIndex: 'creditCode',
      width: 200,
      render: (value: string) => (
        <Typography.Text code className="zs-nowrap">
          {value}
        </Typography.Text>
      ),
    },
    {
      title: t('directory.department.region'),
      dataIndex: 'regionCode',
      width: 170,
      render: (code: string, row) => regionLabel(regionsByCode.get(code), code, locale, row.regionName),
    },
    {
      title: t('directory.department.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (kind: string) => <Tag>{kindLabel(kind, t)}</Tag>,
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: Department['status']) => <StatusTag status={status} />,
    },
  ];
  if (canEdit) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDrawer({ mode: 'edit', department: row })}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<SubnodeOutlined />}
            onClick={() => setDrawer({ mode: 'create', parentId: row.id, regionCode: row.regionCode })}
          >
            {t('directory.department.addChild')}
          </Button>
        </Space>
      ),
    });
  }

  return (
    <div>
      <PageHeader
        title={t('nav.departments')}
        subtitle={t('directory.department.subtitle', { n: departments.length })}
        extra={
          <>
            <Input.Search
              allowClear
              placeholder={t('directory.department.searchPlaceholder')}
              onSearch={setQuery}
              onChange={(event) => !event.target.value && setQuery('')}
              style={{ width: 280 }}
            />
            {canEdit && (
              <Button icon={<EnvironmentOutlined />} onClick={() => setRegionModalOpen(true)}>
                {t('directory.region.add')}
              </Button>
            )}
            {canEdit && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ mode: 'create' })}>
                {t('directory.department.create')}
              </Button>
            )}
          </>
        }
      />
      {error !== null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />}
      <Table<DepartmentNode>
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={tree}
        pagination={false}
        expandable={{ expandedRowKeys: expandedKeys, onExpandedRowsChange: setExpandedKeys }}
        scroll={{ x: 1000 }}
      />
      <DepartmentDrawer
        state={drawer}
        regions={regions.data ?? []}
        onClose={() => setDrawer(null)}
        onSaved={() => {
          setDrawer(null);
          invalidateDepartments();
        }}
      />
      <RegionModal
        open={regionModalOpen}
        regions={regions.data ?? []}
        onClose={() => setRegionModalOpen(false)}
        onSaved={() => {
          setRegionModalOpen(false);
          regions.reload();
        }}
      />
    </div>
  );
}
