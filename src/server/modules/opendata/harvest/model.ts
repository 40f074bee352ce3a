/**
 * What a harvester reads from a source, in the shape the writer stores: one HarvestedDataset per dataset at the
 * source, whatever its protocol (CKAN dictionaries, DCAT graphs). Plus the small helpers both mappers share.
 */
import { createHash } from 'node:crypto';
import { FREQUENCIES, THEMES } from '../vocabulary.js';

export interface HarvestedOrganization {
  /** The organisation's name (slug) at the source. */
  name: string;
  title: string;
  description: string;
}

export interface HarvestedResource {
  url: string;
  format: string;
  name: string;
  description: string;
  mediaType: string | null;
  size: number | null;
  hash: string | null;
  lastModified: string | null;
}

export interface HarvestedDataset {
  /** CKAN id, or the DCAT dataset IRI. */
  identifier: string;
  /** The name (slug) it had at the source; kept locally when free. */
  name: string;
  title: string;
  titleEn: string | null;
  notes: string;
  tags: string[];
  licenseId: string;
  /** vocabulary.ts THEMES keys. */
  themes: string[];
  /** vocabulary.ts FREQUENCIES keys. */
  frequency: string | null;
  /** 'conditional' when the source says access is restricted (our CKAN extras open_type, DCAT dct:accessRights). */
  openType: 'open' | 'conditional';
  openConditions: string | null;
  organization: HarvestedOrganization | null;
  maintainer: string | null;
  maintainerEmail: string | null;
  resources: HarvestedResource[];
  /** ISO 8601 (Z). */
  metadataCreated: string | null;
  /** ISO 8601 (Z); null when the source does not say (DCAT without dct:modified). */
  metadataModified: string | null;
  /** YYYY-MM-DD. */
  issued: string | null;
  /** The dataset's page at the source. */
  sourceUrl: string | null;
  extras: Array<{ key: string; value: string }>;
}

/** A dataset the source offered that could not be read: it becomes an error row of the run. */
export class DatasetProblem extends Error {
  constructor(readonly identifier: string | null, message: string) {
    super(message);
  }
}

/** The source itself failed (network, HTTP status, unreadable answer): the run fails. */
export class SourceFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** CKAN's id for "no licence given". */
export const UNSPECIFIED_LICENCE = 'notspecified';

const SLUG = /^[a-z0-9_-]{2,100}$/;

export const isSlug = (value: string): boolean => SLUG.test(value);

/**
 * A CKAN-valid name from any text: lower case, runs of other characters become '-'. Text without a single
 * ASCII letter or digit (Chinese names) becomes `<fallback>-<hash>` so it is still stable.
 */
export function slugify(text: string, fallback = 'x'): string {
  const cleaned = text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9_-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[-_]+|[-_]+$/g, '');
  if (cleaned.length >= 2) return cleaned.slice(0, 100).replace(/[-_]+$/, '');
  return `${fallback}-${shortHash(text)}`;
}

export const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 8);

/** Joins a prefix and a name into a valid slug of at most 100 characters. */
export function prefixed(prefix: string, name: string, suffix = ''): string {
  const tail = suffix ? `-${suffix}` : '';
  return `${prefix}-${name}`.slice(0, 100 - tail.length).replace(/[-_]+$/, '') + tail;
}

/**
 * A timestamp from a source as ISO 8601 with Z. CKAN writes UTC without a zone ("2024-05-01T10:20:30.123456");
 * DCAT may give a date only. Null when absent or unreadable.
 */
export function isoTimestamp(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  let text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text += 'T00:00:00Z';
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text = `${text.replace(' ', 'T')}Z`;
  // JavaScript keeps milliseconds: cut longer fractions (CKAN has microseconds).
  text = text.replace(/(\.\d{3})\d+/, '$1');
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** YYYY-MM-DD of a date or timestamp, or null. */
export function isoDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  if (!match) return null;
  return Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`)) ? null : match[1];
}

const EU = 'http://publications.europa.eu/resource/authority';
const THEME_BY_CODE = new Map(THEMES.map((theme) => [theme.code, theme.key]));
const FREQUENCY_BY_URI = new Map(FREQUENCIES.map((frequency) => [frequency.uri, frequency.key]));
const FREQUENCY_BY_CODE = new Map(FREQUENCIES.map((frequency) => [frequency.uri.slice(frequency.uri.lastIndexOf('/') + 1), frequency.key]));
const FREQUENCY_KEYS = new Set(FREQUENCIES.map((frequency) => frequency.key));

/** THEMES keys of every EU data-theme URI in a text (a URI, or a JSON list of them). */
export function themesInText(text: string): string[] {
  const keys: string[] = [];
  for (const match of text.matchAll(/publications\.europa\.eu\/resource\/authority\/data-theme\/([A-Z_]+)/g)) {
    const key = THEME_BY_CODE.get(match[1]);
    if (key && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** A FREQUENCIES key from our key, an EU frequency URI (http or https) or its code; null when unknown. */
export function frequencyOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = value.trim();
  if (FREQUENCY_KEYS.has(text)) return text;
  const uri = text.replace(/^https:/, 'http:');
  if (FREQUENCY_BY_URI.has(uri)) return FREQUENCY_BY_URI.get(uri)!;
  return FREQUENCY_BY_CODE.get(text.toUpperCase()) ?? null;
}

export const EU_FILE_TYPE = `${EU}/file-type/`;

/** A short format name from an EU file-type URI ("…/file-type/CSV" → "CSV"), a media type or a literal. */
export function formatOf(value: string | null | undefined): string {
  if (!value) return '';
  const text = value.trim();
  const fileType = /\/file-type\/([A-Za-z0-9_.-]+)$/.exec(text);
  if (fileType) return fileType[1].toUpperCase();
  const media = /(?:media-types\/)?([a-z]+\/[a-z0-9.+-]+)$/i.exec(text);
  if (media && text.includes('/')) {
    const type = media[1].toLowerCase();
    const known: Record<string, string> = {
      'text/csv': 'CSV', 'application/json': 'JSON', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
      'application/vnd.ms-excel': 'XLS', 'application/xml': 'XML', 'text/xml': 'XML', 'application/pdf': 'PDF', 'text/html': 'HTML',
      'application/zip': 'ZIP', 'application/ld+json': 'JSON-LD', 'text/turtle': 'TTL', 'application/geo+json': 'GEOJSON',
    };
    return known[type] ?? type.slice(type.indexOf('/') + 1).toUpperCase();
  }
  return text.slice(0, 50);
}

/** The format a URL's extension suggests ("…/x.csv?y" → "CSV"), or ''. */
export function formatOfUrl(url: string): string {
  const match = /\.([a-z0-9]{2,8})(?:[?#]|$)/i.exec(url);
  return match ? match[1].toUpperCase() : '';
}

/** A non-negative integer from a number or numeric text; null otherwise. */
export function sizeOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
  if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return null;
}

export const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};
