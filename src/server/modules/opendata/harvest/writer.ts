/**
 * Stores what a run read: one transaction per dataset (a dataset that cannot be written is an error row, not the
 * end of the run), organisations created on first use, and at the end of a full listing the datasets that
 * disappeared at the source marked deleted.
 *
 * Names: a harvested dataset keeps its name from the source when no other dataset holds it, else it becomes
 * `<source name>-<name>` (then `-2`, `-3`, …); once stored, its name never changes (its portal URL is stable).
 * Organisations follow the same rule. A dataset whose metadata_modified has not moved is left as it is.
 */
import { json, type Db, type Tx } from '../../../platform/db/database.js';
import * as repo from './dataset-repository.js';
import type { HarvestedRow } from './dataset-repository.js';
import { prefixed, type HarvestedDataset, type HarvestedOrganization, type HarvestedResource } from './model.js';
import type { SourceRow } from './repository.js';

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

type Source = Pick<SourceRow, 'id' | 'name' | 'title' | 'url'>;

const sameInstant = (a: Date | string | null, b: string | null): boolean =>
  a !== null && b !== null && new Date(a).getTime() === new Date(b).getTime();

const sameList = (a: readonly unknown[], b: readonly unknown[]): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Name candidates in order: the source's name, then prefixed with the source's name, then numbered. */
function candidates(sourceName: string, name: string, count: number): string[] {
  const list = [name, prefixed(sourceName, name)];
  for (let n = 2; list.length < count; n++) list.push(prefixed(sourceName, name, String(n)));
  return list;
}

export class HarvestWriter {
  /** Organisation ids of this run by their name at the source ('' = the source's own organisation). */
  private readonly organizations = new Map<string, string>();

  constructor(private readonly db: Db, private readonly source: Source) {}

  async write(item: HarvestedDataset, now: Date): Promise<WriteOutcome> {
    const existing = await repo.findHarvested(this.db, this.source.id, item.identifier);
    if (existing && existing.state === 'active' && item.metadataModified !== null && sameInstant(existing.metadata_modified, item.metadataModified)) return 'unchanged';
    const organizationId = await this.organizationId(item.organization);
    return this.db.transaction().execute(async (trx) => {
      if (existing && existing.state === 'active' && item.metadataModified === null && (await this.sameContent(trx, existing, item, organizationId))) return 'unchanged';
      const modified = item.metadataModified ?? now.toISOString();
      const fields = {
        title: item.title,
        title_en: item.titleEn,
        notes: item.notes,
        organization_id: organizationId,
        themes: item.themes,
        tags: item.tags,
        license_id: item.licenseId,
        frequency: item.frequency,
        open_type: item.openType,
        open_conditions: item.openConditions,
        maintainer: item.maintainer,
        maintainer_email: item.maintainerEmail,
        extras: json(item.extras),
        issued: item.issued,
        source_url: item.sourceUrl,
        metadata_modified: modified,
        state: 'active' as const,
      };
      let datasetId: string;
      if (existing) {
        datasetId = existing.id;
        await repo.updateDataset(trx, datasetId, { ...fields, metadata_created: item.metadataCreated ?? existing.metadata_created });
      } else {
        datasetId = await repo.insertDataset(trx, {
          ...fields,
          name: await this.freeDatasetName(trx, item.name),
          source_id: this.source.id,
          source_identifier: item.identifier,
          metadata_created: item.metadataCreated ?? modified,
        });
      }
      await this.writeResources(trx, datasetId, item.resources, now);
      return existing ? 'updated' : 'created';
    });
  }

  /** Marks deleted every active dataset of the source whose identifier the full listing did not contain. */
  async deleteMissing(seen: ReadonlySet<string>): Promise<number> {
    const active = await repo.activeIdentifiers(this.db, this.source.id);
    const gone = active.filter((row) => !seen.has(row.identifier)).map((row) => row.id);
    let deleted = 0;
    for (let from = 0; from < gone.length; from += 500) deleted += await repo.markDeleted(this.db, gone.slice(from, from + 500));
    return deleted;
  }

  private async freeDatasetName(trx: Tx, name: string): Promise<string> {
    for (let batch = 0; ; batch++) {
      const list = candidates(this.source.name, name, (batch + 1) * 10).slice(batch * 10);
      const taken = await repo.takenDatasetNames(trx, list);
      const free = list.find((candidate) => !taken.has(candidate));
      if (free) return free;
    }
  }

  /** The organisation of a dataset: the one met earlier (this run or before), or a new one with a free name. */
  private async organizationId(organization: HarvestedOrganization | null): Promise<string> {
    const wanted: HarvestedOrganization = organization ?? { name: this.source.name, title: this.source.title, description: '' };
    const key = organization ? organization.name : '';
    const cached = this.organizations.get(key);
    if (cached) return cached;
    const id = await this.db.transaction().execute(async (trx) => {
      const names = candidates(this.source.name, wanted.name, 12);
      const mine = await repo.sourceOrganizations(trx, this.source.id, names);
      const own = names.map((name) => mine.find((row) => row.name === name)).find((row) => row !== undefined);
      if (own) {
        if (own.title !== wanted.title || own.description !== wanted.description) {
          await repo.updateOrganization(trx, own.id, { title: wanted.title, description: wanted.description });
        }
        return own.id;
      }
      for (let batch = 0; ; batch++) {
        const list = candidates(this.source.name, wanted.name, (batch + 1) * 10).slice(batch * 10);
        const taken = await repo.takenOrganizationNames(trx, list);
        const free = list.find((candidate) => !taken.has(candidate));
        if (free) return repo.insertOrganization(trx, { name: free, title: wanted.title, description: wanted.description, source_id: this.source.id });
      }
    });
    this.organizations.set(key, id);
    return id;
  }

  /** Resources by position: rows kept (their ids stay), changed in place, added, or cut off at the end. */
  private async writeResources(trx: Tx, datasetId: string, resources: HarvestedResource[], now: Date): Promise<void> {
    const current = await repo.resourcesOf(trx, datasetId);
    const inserts = [];
    for (const [position, resource] of resources.entries()) {
      const values = {
        name: resource.name.slice(0, 1000),
        description: resource.description,
        format: resource.format,
        media_type: resource.mediaType,
        url: resource.url,
        size: resource.size,
        hash: resource.hash,
        datastore_active: false,
        last_modified: resource.lastModified,
      };
      const row = current[position];
      if (!row) inserts.push({ ...values, dataset_id: datasetId, position, created: now });
      else if (!sameResource(row, resource)) await repo.updateResource(trx, row.id, values);
    }
    if (current.length > resources.length) await repo.deleteResourcesFrom(trx, datasetId, resources.length);
    await repo.insertResources(trx, inserts);
  }

  /** For sources that give no modification time: is what is stored the same as what was read? */
  private async sameContent(trx: Tx, row: HarvestedRow, item: HarvestedDataset, organizationId: string): Promise<boolean> {
    const same = row.title === item.title && row.title_en === item.titleEn && row.notes === item.notes && row.organization_id === organizationId
      && sameList(row.tags, item.tags) && sameList(row.themes, item.themes) && row.license_id === item.licenseId && row.frequency === item.frequency
      && row.open_type === item.openType && row.open_conditions === item.openConditions
      && row.maintainer === item.maintainer && row.maintainer_email === item.maintainerEmail && row.issued === item.issued
      && row.source_url === item.sourceUrl && sameList(row.extras, item.extras);
    if (!same) return false;
    const resources = await repo.resourcesOf(trx, row.id);
    return resources.length === item.resources.length && resources.every((resource, index) => sameResource(resource, item.resources[index]));
  }
}

function sameResource(row: repo.ResourceRow, resource: HarvestedResource): boolean {
  return row.url === resource.url && row.name === resource.name.slice(0, 1000) && row.description === resource.description && row.format === resource.format
    && row.media_type === resource.mediaType && (row.size === null ? null : Number(row.size)) === resource.size && row.hash === resource.hash
    && (row.last_modified === null ? null : new Date(row.last_modified).toISOString()) === resource.lastModified;
}
