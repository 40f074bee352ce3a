/**
 * Datasets, resources, organisations, themes (groups), tags and licences in CKAN 2.10's dictionary shapes.
 * Every key a CKAN harvester or uData's CKAN backend reads is present, null when we have no value; timestamps are
 * CKAN's 'YYYY-MM-DDTHH:MM:SS.ffffff' in UTC without a zone.
 */
import { createHash } from 'node:crypto';
import type { Dataset, DatasetResource, Organization } from '../index.js';
import { datasetPageUrl, resourceUrl } from '../urls.js';
import { FREQUENCY_BY_KEY, LICENCE_BY_ID, THEME_BY_KEY, type Licence } from '../vocabulary.js';

/** '2026-03-01T08:00:00.123Z' → '2026-03-01T08:00:00.123000' (CKAN's isoformat of a naive UTC datetime). */
export function ckanTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return `${date.toISOString().slice(0, 23)}000`;
}

// ---------------------------------------------------------------- stable ids

/** RFC 4122 version 5 (SHA-1, name-based) UUID. */
export function uuidV5(name: string, namespace: string): string {
  const bytes = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
const TAG_NAMESPACE = uuidV5('https://zhongshu.dev/ns/ckan/tag', URL_NAMESPACE);
const GROUP_NAMESPACE = uuidV5('https://zhongshu.dev/ns/ckan/group', URL_NAMESPACE);

/** A tag's id: the same on every node and every instance, for the same tag name. */
export const tagId = (name: string): string => uuidV5(name, TAG_NAMESPACE);
/** A theme group's id, from its key. */
export const groupId = (key: string): string => uuidV5(key, GROUP_NAMESPACE);

// ---------------------------------------------------------------- tags, groups, organisations, licences

export interface CkanTag {
  id: string;
  name: string;
  display_name: string;
  state: 'active';
  vocabulary_id: null;
}

export const tagDict = (name: string): CkanTag => ({ id: tagId(name), name, display_name: name, state: 'active', vocabulary_id: null });

function themeOf(key: string) {
  const theme = THEME_BY_KEY.get(key);
  return {
    title: theme?.title ?? key,
    description: theme ? theme.titleEn : '',
    uri: theme?.uri ?? null,
  };
}

/** A theme as it appears in a dataset's `groups`. */
export function packageGroupDict(key: string) {
  const theme = themeOf(key);
  return { description: theme.description, display_name: theme.title, id: groupId(key), image_display_url: '', name: key, title: theme.title };
}

/** A theme as group_show / group_list(all_fields) return it. */
export function groupDict(key: string, packageCount: number) {
  const theme = themeOf(key);
  return {
    approval_status: 'approved',
    created: null,
    description: theme.description,
    display_name: theme.title,
    extras: theme.uri ? [{ key: 'uri', value: theme.uri }] : [],
    id: groupId(key),
    image_display_url: '',
    image_url: '',
    is_organization: false,
    name: key,
    num_followers: 0,
    package_count: packageCount,
    state: 'active',
    title: theme.title,
    type: 'group',
  };
}

/** The organisation object inside a dataset dictionary. */
export function packageOrganizationDict(organization: Organization) {
  return {
    id: organization.id,
    name: organization.name,
    title: organization.title,
    type: 'organization',
    description: organization.description,
    image_url: '',
    created: ckanTime(organization.createdAt),
    is_organization: true,
    approval_status: 'approved',
    state: 'active',
  };
}

/** An organisation as organization_show / organization_list(all_fields) return it. */
export function organizationDict(organization: Organization, packageCount: number) {
  return {
    approval_status: 'approved',
    created: ckanTime(organization.createdAt),
    description: organization.description,
    display_name: organization.title,
    id: organization.id,
    image_display_url: '',
    image_url: '',
    is_organization: true,
    name: organization.name,
    num_followers: 0,
    package_count: packageCount,
    state: 'active',
    title: organization.title,
    type: 'organization',
  };
}

/** CKAN's licence register entries (ckan/model/license.py) for our licences. */
const LICENCE_DOMAINS: Record<string, { content: boolean; data: boolean; software: boolean; generic: boolean }> = {
  'cc-by-4.0': { content: true, data: false, software: false, generic: false },
  'cc-by-sa-4.0': { content: true, data: false, software: false, generic: false },
  'cc-zero': { content: true, data: true, software: false, generic: false },
  'odc-by': { content: false, data: true, software: false, generic: false },
  'other-closed': { content: false, data: false, software: false, generic: true },
};

export function licenseDict(licence: Licence) {
  const domains = LICENCE_DOMAINS[licence.id] ?? { content: false, data: false, software: false, generic: false };
  return {
    domain_content: domains.content,
    domain_data: domains.data,
    domain_software: domains.software,
    family: '',
    id: licence.id,
    is_generic: domains.generic,
    maintainer: '',
    od_conformance: licence.isOpen ? 'approved' : 'not reviewed',
    osd_conformance: 'not reviewed',
    status: 'active',
    title: licence.title,
    url: licence.url,
  };
}

// ---------------------------------------------------------------- resources and datasets

export function resourceDict(base: string, dataset: Dataset, resource: DatasetResource) {
  return {
    cache_last_updated: null,
    cache_url: null,
    created: ckanTime(resource.created),
    datastore_active: resource.datastoreActive,
    description: resource.description,
    format: resource.format,
    hash: resource.hash,
    id: resource.id,
    last_modified: ckanTime(resource.lastModified),
    metadata_modified: ckanTime(resource.lastModified ?? resource.created),
    mimetype: resource.mediaType,
    mimetype_inner: null,
    name: resource.name,
    package_id: dataset.id,
    position: resource.position,
    resource_type: null,
    size: resource.size,
    state: 'active',
    url: resourceUrl(base, dataset, resource),
    url_type: null,
  };
}

/** The extras: the dataset's own, then what CKAN clients look for there (ckanext-dcat, ckanext-harvest keys). */
function extrasOf(dataset: Dataset): Array<{ key: string; value: string }> {
  const computed = new Map<string, string>();
  if (dataset.titleEn) computed.set('title_en', dataset.titleEn);
  if (dataset.catalogCode) computed.set('catalog_code', dataset.catalogCode);
  if (dataset.catalogVersion !== null) computed.set('catalog_version', String(dataset.catalogVersion));
  const frequency = dataset.frequency ? FREQUENCY_BY_KEY.get(dataset.frequency) : undefined;
  if (frequency) computed.set('frequency', frequency.uri);
  const themes = dataset.themes.map((key) => THEME_BY_KEY.get(key)?.uri).filter((uri): uri is string => Boolean(uri));
  if (themes.length) computed.set('theme', JSON.stringify(themes));
  if (dataset.issued) computed.set('issued', dataset.issued);
  if (dataset.dataModified) computed.set('data_modified', dataset.dataModified);
  computed.set('open_type', dataset.openType);
  if (dataset.openConditions) computed.set('open_conditions', dataset.openConditions);
  if (dataset.source) {
    computed.set('harvest_source_id', dataset.source.id);
    computed.set('harvest_source_title', dataset.source.title);
    computed.set('harvest_source_type', dataset.source.type);
    computed.set('guid', dataset.source.identifier);
    if (dataset.source.url) computed.set('source_url', dataset.source.url);
  }
  const own = dataset.extras.filter((extra) => !computed.has(extra.key)).map((extra) => ({ key: extra.key, value: String(extra.value) }));
  return [...own, ...[...computed].map(([key, value]) => ({ key, value }))];
}

/** The dataset as package_show and package_search return it. */
export function packageDict(base: string, dataset: Dataset) {
  const licence = LICENCE_BY_ID.get(dataset.licenseId);
  const resources = [...dataset.resources].sort((a, b) => a.position - b.position);
  return {
    author: null,
    author_email: null,
    creator_user_id: null,
    extras: extrasOf(dataset),
    groups: dataset.themes.map(packageGroupDict),
    id: dataset.id,
    isopen: licence?.isOpen ?? false,
    license_id: dataset.licenseId,
    license_title: licence?.title ?? dataset.licenseId,
    license_url: licence?.url ?? null,
    maintainer: dataset.maintainer,
    maintainer_email: dataset.maintainerEmail,
    metadata_created: ckanTime(dataset.metadataCreated),
    metadata_modified: ckanTime(dataset.metadataModified),
    name: dataset.name,
    notes: dataset.notes,
    num_resources: resources.length,
    num_tags: dataset.tags.length,
    organization: packageOrganizationDict(dataset.organization),
    owner_org: dataset.organization.id,
    private: false,
    relationships_as_object: [],
    relationships_as_subject: [],
    resources: resources.map((resource) => resourceDict(base, dataset, resource)),
    state: dataset.state,
    tags: dataset.tags.map(tagDict),
    title: dataset.title,
    type: 'dataset',
    url: dataset.source ? dataset.source.url : datasetPageUrl(base, dataset.name),
    version: !dataset.source && dataset.currentVersion > 0 ? String(dataset.currentVersion) : null,
  };
}

export type CkanPackage = ReturnType<typeof packageDict>;
