/**
 * Rows → the API's shapes (docs/API.md). Never hand out a raw row: timestamps become ISO strings, names of
 * departments and classifications are filled in, and the search columns stay inside.
 */
import type { DepartmentRef } from '../directory/index.js';
import type { ClassificationRow, ResourceRow, VersionRow } from './repository.js';
import type { Classification, Resource, ResourceSummary, VersionDetail, VersionInfo } from './schema.js';
import type { SummaryRow } from './search-page.js';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function presentClassification(row: ClassificationRow): Classification {
  return { code: row.code, view: row.view, level: row.level, name: row.name, nameEn: row.name_en, parentCode: row.parent_code };
}

export function presentResource(row: ResourceRow, department: DepartmentRef | null | undefined, classificationName: string | null): Resource {
  return {
    id: row.id,
    code: row.code,
    classificationCode: row.classification_code,
    classificationName,
    name: row.name,
    nameEn: row.name_en,
    providerDepartmentId: row.provider_department_id,
    providerDepartmentName: department?.name ?? null,
    providerCreditCode: department?.creditCode ?? null,
    summary: row.summary,
    format: row.format,
    dataItems: row.data_items.map((item) => ({
      name: item.name,
      label: item.label,
      type: item.type,
      length: item.length ?? null,
      required: item.required,
      key: item.key,
      codeList: item.codeList ?? null,
      sensitivity: item.sensitivity,
    })),
    sharingType: row.sharing_type,
    sharingConditions: row.sharing_conditions,
    sharingMethods: row.sharing_methods,
    notSharedBasis: row.not_shared_basis,
    openType: row.open_type,
    openConditions: row.open_conditions,
    updateCycle: row.update_cycle,
    publishDate: row.publish_date,
    keywords: row.keywords,
    relatedCodes: row.related_codes,
    sourceSystemId: row.source_system_id,
    status: row.status,
    returnReason: row.return_reason,
    retireReason: row.retire_reason,
    currentVersion: row.current_version,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    submittedAt: iso(row.submitted_at),
    publishedAt: iso(row.published_at),
    retiredAt: iso(row.retired_at),
  };
}

export function presentSummary(row: SummaryRow, department: DepartmentRef | undefined): ResourceSummary {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    summary: row.summary,
    providerDepartmentId: row.provider_department_id,
    providerDepartmentName: department?.name ?? null,
    classificationCode: row.classification_code,
    format: row.format,
    sharingType: row.sharing_type,
    openType: row.open_type,
    updateCycle: row.update_cycle,
    status: row.status,
    currentVersion: row.current_version,
    updatedAt: iso(row.updated_at)!,
    dataItemCount: Number(row.data_item_count),
  };
}

export function presentVersionInfo(row: Pick<VersionRow, 'version' | 'created_at' | 'created_by' | 'change_note'>): VersionInfo {
  return { version: row.version, createdAt: iso(row.created_at)!, createdBy: row.created_by, changeNote: row.change_note };
}

export function presentVersion(row: VersionRow): VersionDetail {
  return { ...presentVersionInfo(row), snapshot: row.snapshot };
}
