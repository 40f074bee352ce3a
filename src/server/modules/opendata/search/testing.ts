/** Dataset objects for the search engine's unit tests (no database). */
import { randomUUID } from 'node:crypto';
import type { Dataset } from '../index.js';

let seq = 0;

export interface DatasetSketch {
  name: string;
  title: string;
  titleEn?: string | null;
  notes?: string;
  organization?: string;
  organizationTitle?: string;
  themes?: string[];
  tags?: string[];
  formats?: string[];
  licenseId?: string;
  frequency?: string | null;
  openType?: 'open' | 'conditional';
  modified?: string;
  created?: string;
  fields?: Array<{ name: string; label: string }>;
  source?: { name: string; title: string } | null;
  state?: 'active' | 'deleted';
  id?: string;
}

export function sketchDataset(sketch: DatasetSketch): Dataset {
  const id = sketch.id ?? randomUUID();
  const modified = sketch.modified ?? '2024-01-01T00:00:00.000Z';
  const organization = sketch.organization ?? 'test-org';
  return {
    id,
    name: sketch.name,
    title: sketch.title,
    titleEn: sketch.titleEn ?? null,
    notes: sketch.notes ?? '',
    organization: {
      id: `org-${organization}`, name: organization, title: sketch.organizationTitle ?? organization, titleEn: null, description: '',
      departmentId: null, sourceId: null, createdAt: modified,
    },
    themes: sketch.themes ?? ['government'],
    tags: sketch.tags ?? [],
    licenseId: sketch.licenseId ?? 'cc-by-4.0',
    frequency: sketch.frequency === undefined ? 'monthly' : sketch.frequency,
    openType: sketch.openType ?? 'open',
    openConditions: null,
    maintainer: null,
    maintainerEmail: null,
    fields: (sketch.fields ?? []).map((field) => ({ ...field, type: 'string', key: false })),
    extras: [],
    state: sketch.state ?? 'active',
    currentVersion: 1,
    rowCount: 0,
    issued: null,
    metadataCreated: sketch.created ?? modified,
    metadataModified: modified,
    dataModified: null,
    catalogCode: null,
    catalogVersion: null,
    source: sketch.source ? { id: `source-${sketch.source.name}`, name: sketch.source.name, title: sketch.source.title, type: 'ckan', identifier: id, url: null } : null,
    resources: (sketch.formats ?? ['CSV']).map((format, position) => ({
      id: `${id}-${position}`, datasetId: id, position, name: format, description: '', format, mediaType: null, url: null, size: null, hash: null,
      datastoreActive: false, created: modified, lastModified: null,
    })),
    changeSeq: ++seq,
  };
}
