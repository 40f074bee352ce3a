// Departments as a tree (parentId links), with create/edit for the system admin.
import { useMemo, useState } from 'react';
import { Alert, Button, Input, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, EnvironmentOutlined, PlusOutlined, SubnodeOutlined } from '@ant-design/icons';
import { directoryApi } from '../../api/directory';
import type { Department, Region } from '../../api/types';
import { useAuth } from '../../auth';
import { buildDepartmentTree, invalidateDepartments, useDepartments } from '../../components/departments';
import type { DepartmentNode } from '../../components/departments';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { DepartmentDrawer } from './DepartmentDrawer';
import type { DepartmentDrawerState } from './DepartmentDrawer';
import { RegionModal } from './RegionModal';
import { kindLabel, regionLabel, StatusTag } from './labels';

/** Keeps the rows that match and every ancestor of a match, so a hit is still shown in its place in the tree. */
function filterWithAncestors(departments: Department[], query: string): Department[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return departments;
  const byId = new Map(departments.map((department) => [department.id, department]));
  const keep = new Set<string>();
  for (const department of departments) {
    const haystack = [department.name, department.nameEn, department.creditCode, department.regionCode, department.shortCode]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    if (!haystack.includes(needle)) continue;
    let cursor: Department | undefined = department;
    while (cursor && !keep.has(cursor.id)) {
      keep.add(cursor.id);
      cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined;
    }
  }
  return departments.filter((department) => keep.has(department.id));
}

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
  const tree = useMemo(() => buildDepartmentTree(filterWithAncestors(departments, query)), [departments, query]);
  const expandAll = query.trim() !== '';

  const columns: TableColumnsType<DepartmentNode> = [
    {
      title: t('directory.department.name'),
      dataIndex: 'name',
      render: (name: string, row) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong={!row.parentId}>{name}</Typography.Text>
          {row.shortCode && (
            <Typography.Text type="secondary" className="zs-small">
              {t('directory.department.shortCode')}: {row.shortCode}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('directory.department.nameEn'), dataIndex: 'nameEn', render: (value: string | null) => value || '—' },
    {
      title: t('directory.department.creditCode'),
      dataIndex: 'creditCode',
      width: 200,
      render: (value: string) => <Typography.Text code>{value}</Typography.Text>,
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
        // Remount when a search starts or ends so the tree opens fully on a hit and folds back after.
        key={expandAll ? 'search' : 'all'}
        expandable={{ defaultExpandAllRows: true }}
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
