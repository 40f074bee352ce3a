/**
 * The DCAT documents: the whole catalog streamed dataset by dataset, one Hydra page of it, or one dataset.
 * Text leaves in chunks of about 64 KiB; nothing holds more than one batch of datasets, whatever the catalog's
 * size.
 */
import type { Db } from '../../../platform/db/database.js';
import type { DirectoryReader } from '../../directory/index.js';
import type { Dataset, DatasetReader } from '../index.js';
import { catalogIri } from '../urls.js';
import { catalogLink, datasetIri, describeCatalog, describeDataset, Emitted, type CatalogInfo } from './describe.js';
import { NodeBuilder, type RdfNode } from './rdf.js';
import { catalogDates } from './repository.js';
import { createWriter, type RdfFormat } from './writers.js';

const CHUNK = 64 * 1024;

export interface PageRequest {
  page: number;
  pageSize: number;
  /** The IRI of page n of this listing (same path, format and filters). */
  pageUrl: (page: number) => string;
}

export interface CatalogRequest {
  base: string;
  format: RdfFormat;
  modifiedSince: string | null;
  page: PageRequest | null;
}

export interface DcatCatalog {
  /**
   * The document's text in chunks (ready once the catalog's own metadata is read), and with a page the number
   * of datasets in all pages.
   */
  catalog(request: CatalogRequest): Promise<{ chunks: AsyncIterable<string>; total: number | null }>;
  dataset(nameOrId: string): Promise<Dataset | null>;
  datasetDocument(base: string, format: RdfFormat, dataset: Dataset): string;
}

/** Who publishes the catalog: the portal's data bureau (a department of kind 'platform'), else the first root. */
async function catalogPublisher(directory: DirectoryReader): Promise<CatalogInfo['publisher']> {
  const departments = (await directory.listDepartments()).filter((department) => department.status === 'active');
  const rank = (department: (typeof departments)[number]) => (department.kind === 'platform' ? 0 : 2) + (department.parentId === null ? 0 : 1);
  const chosen = [...departments].sort((a, b) => rank(a) - rank(b) || a.shortCode.localeCompare(b.shortCode) || a.name.localeCompare(b.name))[0];
  return chosen ? { name: chosen.name, nameEn: chosen.nameEn } : { name: '数据开放平台', nameEn: 'open data portal' };
}

export const lastPage = (total: number, pageSize: number): number => Math.max(1, Math.ceil(total / pageSize));

function hydraView(catalog: string, total: number, page: PageRequest): RdfNode[] {
  const last = lastPage(total, page.pageSize);
  const current = page.pageUrl(page.page);
  const view = new NodeBuilder(current, 'hydra:PartialCollectionView')
    .iri('hydra:first', page.pageUrl(1))
    .iri('hydra:last', page.pageUrl(last));
  if (page.page > 1) view.iri('hydra:previous', page.pageUrl(Math.min(page.page - 1, last)));
  if (page.page < last) view.iri('hydra:next', page.pageUrl(page.page + 1));
  view.typed('hydra:totalItems', String(total), 'xsd:integer').typed('hydra:itemsPerPage', String(page.pageSize), 'xsd:integer');
  return [new NodeBuilder(catalog).iri('hydra:view', current).node, view.node];
}

export function createDcatCatalog(deps: { db: Db; datasets: DatasetReader; directory: DirectoryReader }): DcatCatalog {
  const { db, datasets, directory } = deps;

  async function catalogInfo(base: string): Promise<CatalogInfo> {
    const [publisher, dates] = await Promise.all([catalogPublisher(directory), catalogDates(db)]);
    return { base, iri: catalogIri(base), publisher, ...dates };
  }

  return {
    async catalog(request) {
      const { format, modifiedSince, page } = request;
      if (!page) {
        const info = await catalogInfo(request.base);
        return { chunks: catalogChunks(format, info, prefetched(datasets, modifiedSince)), total: null };
      }
      const [info, total, items] = await Promise.all([
        catalogInfo(request.base),
        datasets.count({ modifiedSince }),
        datasets.page({ order: 'modified', offset: (page.page - 1) * page.pageSize, limit: page.pageSize, modifiedSince }),
      ]);
      return { chunks: catalogChunks(format, info, iterate(items), hydraView(info.iri, total, page)), total };
    },

    dataset: (nameOrId) => datasets.get(nameOrId),

    datasetDocument(base, format, dataset) {
      const writer = createWriter(format);
      const emitted = new Emitted();
      return writer.head() + describeDataset(base, dataset, emitted).map((node) => writer.node(node)).join('') + writer.tail();
    },
  };
}

async function* iterate<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

const BATCH = 500;

/**
 * Every active dataset, oldest change first, in keyset batches like DatasetReader.stream(), but the next batch
 * is already being read while this one is written (on PostgreSQL the query and the writing overlap). Two
 * batches at most are held.
 */
async function* prefetched(datasets: DatasetReader, modifiedSince: string | null): AsyncGenerator<Dataset> {
  const read = (after: { id: string; modified: string } | null) => {
    const batch = datasets.page({ order: 'modified', after, limit: BATCH, modifiedSince });
    // A reader that stops early (the client went away) must not leave a rejection unhandled.
    batch.catch(() => undefined);
    return batch;
  };
  let next = read(null);
  for (;;) {
    const batch = await next;
    const full = batch.length === BATCH;
    const last = batch[batch.length - 1];
    if (full) next = read({ id: last.id, modified: last.metadataModified });
    // Let go of each dataset once it is written (less for the garbage collector to carry).
    batch.reverse();
    while (batch.length) yield batch.pop()!;
    if (!full) return;
  }
}

/** The catalog document: its own description, then each dataset (with its link from the catalog), then `trailer`. */
export async function* catalogChunks(format: RdfFormat, info: CatalogInfo, source: AsyncIterable<Dataset>, trailer: RdfNode[] = []): AsyncGenerator<string> {
  const writer = createWriter(format);
  const emitted = new Emitted();
  let buffer = writer.head();
  for (const node of describeCatalog(info, emitted)) buffer += writer.node(node);
  for await (const dataset of source) {
    buffer += writer.node(catalogLink(info.iri, datasetIri(info.base, dataset)));
    for (const node of describeDataset(info.base, dataset, emitted)) buffer += writer.node(node);
    if (buffer.length >= CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  for (const node of trailer) buffer += writer.node(node);
  yield buffer + writer.tail();
}
