// Conversion between a Resource and the values of the resource form.
import type { DataItem, Resource, ResourceInput } from './types';

export const NEW_DATA_ITEM: DataItem = {
  name: '',
  label: '',
  type: 'string',
  length: null,
  required: false,
  key: false,
  codeList: null,
  sensitivity: 'internal',
};

export type ResourceFormValues = Omit<ResourceInput, 'providerDepartmentId'>;

export const EMPTY_FORM_VALUES: Partial<ResourceFormValues> = {
  format: 'database',
  sharingType: 'conditional',
  sharingMethods: ['api'],
  openType: 'not_open',
  updateCycle: 'daily',
  keywords: [],
  relatedCodes: [],
  dataItems: [{ ...NEW_DATA_ITEM }],
};

export function resourceToFormValues(resource: Resource): ResourceFormValues {
  return {
    classificationCode: resource.classificationCode,
    name: resource.name,
    nameEn: resource.nameEn ?? '',
    summary: resource.summary,
    format: resource.format,
    dataItems: resource.dataItems.map((item) => ({ ...NEW_DATA_ITEM, ...item })),
    sharingType: resource.sharingType,
    sharingConditions: resource.sharingConditions ?? '',
    sharingMethods: resource.sharingMethods ?? [],
    notSharedBasis: resource.notSharedBasis ?? '',
    openType: resource.openType,
    openConditions: resource.openConditions ?? '',
    updateCycle: resource.updateCycle,
    publishDate: resource.publishDate ?? '',
    keywords: resource.keywords ?? [],
    relatedCodes: resource.relatedCodes ?? [],
    sourceSystemId: resource.sourceSystemId ?? null,
    changeNote: '',
  };
}

function text(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed ? trimmed : null;
}

function dataItemInput(item: DataItem): DataItem {
  const result: DataItem = {
    name: item.name.trim(),
    label: item.label.trim(),
    type: item.type,
    required: !!item.required,
    key: !!item.key,
    sensitivity: item.sensitivity,
  };
  if (item.length != null) result.length = item.length;
  const codeList = text(item.codeList);
  if (codeList) result.codeList = codeList;
  return result;
}

/**
 * The request body. Conditions that no longer apply (a condition text left over after switching the sharing
 * type) are dropped so the stored entry never contradicts itself.
 */
export function formValuesToInput(values: ResourceFormValues, includeChangeNote: boolean): ResourceInput {
  const input: ResourceInput = {
    classificationCode: values.classificationCode,
    name: values.name.trim(),
    nameEn: text(values.nameEn),
    summary: values.summary.trim(),
    format: values.format,
    dataItems: (values.dataItems ?? []).map(dataItemInput),
    sharingType: values.sharingType,
    sharingConditions: values.sharingType === 'conditional' ? text(values.sharingConditions) : null,
    sharingMethods: values.sharingType === 'not_shared' ? [] : (values.sharingMethods ?? []),
    notSharedBasis: values.sharingType === 'not_shared' ? text(values.notSharedBasis) : null,
    openType: values.openType,
    openConditions: values.openType === 'conditional' ? text(values.openConditions) : null,
    updateCycle: values.updateCycle,
    publishDate: text(values.publishDate),
    keywords: [...new Set((values.keywords ?? []).map((k) => k.trim()).filter(Boolean))],
    relatedCodes: values.relatedCodes ?? [],
    sourceSystemId: values.sourceSystemId || null,
  };
  if (includeChangeNote) input.changeNote = text(values.changeNote);
  // Optional fields are left out rather than sent as null: PUT replaces the whole entry, so an absent
  // field is cleared either way, and the contract declares them optional, not nullable.
  for (const key of Object.keys(input) as (keyof ResourceInput)[]) {
    if (input[key] === null) delete input[key];
  }
  return input;
}
