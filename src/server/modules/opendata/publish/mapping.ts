/**
 * How a published catalog entry becomes a dataset's metadata (pure functions: the publisher compares what they
 * return with the stored row and writes only what changed).
 */
import type { DataItemRecord } from '../../../platform/db/schema.js';
import type { Resource } from '../../catalog/index.js';
import type { DepartmentRef } from '../../directory/index.js';
import type { DatasetField } from '../index.js';
import { CONDITIONAL_LICENCE, DEFAULT_LICENCE, FILE_TYPES, FREQUENCY_BY_KEY, themeOf } from '../vocabulary.js';

/** The columns of opendata_datasets the catalog decides (everything but ids, state, versions and timestamps). */
export interface DatasetMetadata {
  title: string;
  title_en: string | null;
  notes: string;
  themes: string[];
  tags: string[];
  license_id: string;
  frequency: string | null;
  open_type: 'open' | 'conditional';
  open_conditions: string | null;
  maintainer: string | null;
  maintainer_email: string | null;
  /** Public data items only. */
  data_items: DatasetField[];
  extras: Array<{ key: string; value: string }>;
  issued: string | null;
  catalog_code: string;
  catalog_version: number;
}

/** The metadata columns as stored: a harvested dataset has no catalog code or version. */
export type StoredMetadata = Omit<DatasetMetadata, 'catalog_code' | 'catalog_version'> & { catalog_code: string | null; catalog_version: number | null };

export interface ResourceSpec {
  position: number;
  name: string;
  description: string;
  format: string;
  media_type: string;
}

/**
 * The columns the public sees: data items whose sensitivity is 'public'. Internal, sensitive and secret items
 * never leave the platform through open data (not in the metadata, the preview, the API or a download).
 */
export function publicFields(items: readonly DataItemRecord[]): DatasetField[] {
  return items
    .filter((item) => item.sensitivity === 'public')
    .map((item) => ({ name: item.name, label: item.label, type: item.type, key: item.key, length: item.length ?? null, codeList: item.codeList ?? null }));
}

export function datasetMetadata(entry: Resource, department: DepartmentRef | undefined): DatasetMetadata {
  const openType = entry.openType === 'conditional' ? 'conditional' : 'open';
  const extras = [
    { key: 'catalog_code', value: entry.code },
    { key: 'classification', value: entry.classificationCode },
  ];
  if (entry.classificationName) extras.push({ key: 'classification_name', value: entry.classificationName });
  return {
    title: entry.name,
    title_en: entry.nameEn ?? null,
    notes: entry.summary,
    themes: [themeOf(entry.classificationCode, department?.kind ?? null)],
    tags: [...new Set(entry.keywords.map((keyword) => keyword.trim()).filter(Boolean))],
    license_id: openType === 'open' ? DEFAULT_LICENCE : CONDITIONAL_LICENCE,
    frequency: FREQUENCY_BY_KEY.has(entry.updateCycle) ? entry.updateCycle : null,
    open_type: openType,
    open_conditions: openType === 'conditional' ? entry.openConditions ?? null : null,
    maintainer: department?.name ?? entry.providerDepartmentName ?? null,
    maintainer_email: null,
    data_items: publicFields(entry.dataItems as DataItemRecord[]),
    extras,
    issued: entry.publishDate ? entry.publishDate.slice(0, 10) : null,
    catalog_code: entry.code,
    catalog_version: entry.currentVersion,
  };
}

/** The downloads of a dataset with a store: CSV, XLSX and JSON of its data, in that order. */
export function resourceSpecs(title: string): ResourceSpec[] {
  const descriptions: Record<string, string> = {
    CSV: 'UTF-8 编码（带 BOM）的 CSV 文件，首行为字段名 / UTF-8 CSV with a header row',
    XLSX: 'Excel 工作簿，首行为字段中文名 / Excel workbook with a header row of labels',
    JSON: 'JSON 数组，每条记录一个对象 / a JSON array of records',
  };
  return FILE_TYPES.map((type, position) => ({
    position,
    name: `${title}（${type.format}）`,
    description: descriptions[type.format] ?? '',
    format: type.format,
    media_type: type.mediaType,
  }));
}

/** Stable text of metadata for comparison (arrays and objects in a fixed key order). */
export function metadataFingerprint(metadata: DatasetMetadata & { organization_id: string }): string {
  const fields = metadata.data_items.map((field) => [field.name, field.label, field.type, field.key, field.length ?? null, field.codeList ?? null]);
  return JSON.stringify([
    metadata.organization_id, metadata.title, metadata.title_en, metadata.notes, metadata.themes, metadata.tags, metadata.license_id,
    metadata.frequency, metadata.open_type, metadata.open_conditions, metadata.maintainer, metadata.maintainer_email, fields,
    metadata.extras.map((extra) => [extra.key, extra.value]), metadata.issued, metadata.catalog_code, metadata.catalog_version,
  ]);
}
