/**
 * Use cases of the cloud catalog (docs/cloud/catalog.md): the IT centre keeps providers (framework contracts),
 * their endpoints (driver settings and sealed secrets), departments' sub-contracts (统采分签), offerings with a
 * JSON Schema of their parameters and versioned rate cards; every cloud user reads offerings and prices
 * configurations. Every write is audited in its own transaction.
 */
import { isItCentre, requireItCentre as requireItCentreTo } from '../access.js';
import { hasRole, type Actor } from '../../../platform/actor.js';
import { json } from '../../../platform/db/database.js';
import type { CloudCategory, CloudDriverKind } from '../../../platform/db/schema.js';
import { conflict, DomainError, FieldErrors, forbidden, notFound, validationFailed, type FieldError } from '../../../platform/errors.js';
import { IT_CENTRE_ROLES, ORDERING_ROLES, type CloudCatalog, type Offering, type Provider, type ProviderEndpoint, type Quote, type RateCard, type Subcontract } from '../index.js';
import type { CloudBase, DriverPool } from '../parts.js';
import { applySchema, checkParametersSchema, checkQuotaMap, defaultParameters, numericParameters, quotaDemandOf } from './parameters.js';
import { auditEndpoint, auditOffering, presentEndpoint, presentOffering, presentProvider, presentRateCard, presentSubcontract } from './presenter.js';
import { checkComponents, priceConfiguration } from './pricing.js';
import * as repo from './repository.js';
import type { EndpointRow, OfferingRow, RateCardRow } from './repository.js';
import type { EndpointInput, OfferingCreate, OfferingUpdate, ProviderCreate, ProviderUpdate, RateCardInput, SubcontractCreate, SubcontractUpdate } from './schema.js';

/** A new rate card version may start this much before "now" (the clock of the admin's browser is not ours). */
const EFFECTIVE_FROM_GRACE_MS = 60_000;

/** Settings are shown to every IT centre user and kept in the audit log: names like these belong in secrets. */
const SECRET_LIKE_SETTING = /pass(word)?|secret|token|private|credential|api[-_]?key/i;

export { isItCentre };
export const isCloudUser = (actor: Actor): boolean => hasRole(actor, ...IT_CENTRE_ROLES, ...ORDERING_ROLES);

function requireItCentre(actor: Actor): void {
  requireItCentreTo(actor, 'The cloud catalog is kept by the IT centre.');
}

function requireCloudUser(actor: Actor): void {
  if (!isCloudUser(actor)) throw forbidden('The cloud catalog is for the IT centre and the departments that order.');
}

/** The calendar day of an instant on this server (contract dates are local days). */
export function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

type OpenedEndpoint = { endpointId: string; driver: CloudDriverKind; settings: Record<string, unknown>; secrets: Record<string, string> };

export class CatalogService implements CloudCatalog {
  constructor(private readonly base: Pick<CloudBase, 'ctx'>) {}

  private get db() {
    return this.base.ctx.db;
  }

  private audit(...args: Parameters<CloudBase['ctx']['audit']['record']>) {
    return this.base.ctx.audit.record(...args);
  }

  // ---------------------------------------------------------------- secrets

  private openSecrets(row: Pick<EndpointRow, 'secrets_sealed'>): Record<string, string> {
    if (!row.secrets_sealed) return {};
    return JSON.parse(this.base.ctx.secrets.open(row.secrets_sealed)) as Record<string, string>;
  }

  private sealSecrets(secrets: Record<string, string>): string | null {
    return Object.keys(secrets).length === 0 ? null : this.base.ctx.secrets.seal(JSON.stringify(secrets));
  }

  private endpointView(row: EndpointRow): ProviderEndpoint {
    return presentEndpoint(row, Object.keys(this.openSecrets(row)));
  }

  // ---------------------------------------------------------------- providers

  private async providerRow(id: string) {
    const row = await repo.getProvider(this.db, id);
    if (!row) throw notFound('cloud.provider_not_found', 'No such provider.');
    return row;
  }

  private async providerAnswer(actor: Actor, row: repo.ProviderRow): Promise<Provider> {
    const endpoints = isItCentre(actor) ? (await repo.listEndpoints(this.db, [row.id])).map((endpoint) => this.endpointView(endpoint)) : [];
    return presentProvider(row, endpoints);
  }

  async listProviders(actor: Actor): Promise<Provider[]> {
    requireCloudUser(actor);
    const rows = await repo.listProviders(this.db);
    const endpoints = isItCentre(actor) ? await repo.listEndpoints(this.db, rows.map((row) => row.id)) : [];
    return rows.map((row) => presentProvider(row, endpoints.filter((endpoint) => endpoint.provider_id === row.id).map((endpoint) => this.endpointView(endpoint))));
  }

  async getProvider(actor: Actor, id: string): Promise<Provider> {
    requireCloudUser(actor);
    return this.providerAnswer(actor, await this.providerRow(id));
  }

  private checkFramework(input: ProviderUpdate): void {
    if (input.frameworkValidFrom > input.frameworkValidTo) {
      new FieldErrors().add('/frameworkValidTo', 'cloud.contract_dates', 'The framework contract ends on or after the day it starts.').throwIfAny();
    }
  }

  async createProvider(actor: Actor, input: ProviderCreate): Promise<Provider> {
    requireItCentre(actor);
    this.checkFramework(input);
    const row = await this.db.transaction().execute(async (trx) => {
      if (await repo.providerByCode(trx, input.code)) throw conflict('cloud.provider_code_taken', `A provider with code ${input.code} exists.`);
      const created = await repo.insertProvider(trx, {
        code: input.code,
        name: input.name.trim(),
        name_en: input.nameEn?.trim() || null,
        framework_contract_no: input.frameworkContractNo.trim(),
        framework_valid_from: input.frameworkValidFrom,
        framework_valid_to: input.frameworkValidTo,
        contact: input.contact?.trim() || null,
        status: input.status ?? 'active',
      });
      await this.audit(trx, { actor, action: 'cloud.provider.create', targetType: 'cloud_provider', targetId: created.id, after: input });
      return created;
    });
    return this.providerAnswer(actor, row);
  }

  async updateProvider(actor: Actor, id: string, input: ProviderUpdate): Promise<Provider> {
    requireItCentre(actor);
    this.checkFramework(input);
    const current = await this.providerRow(id);
    const row = await this.db.transaction().execute(async (trx) => {
      const updated = await repo.updateProvider(trx, id, {
        name: input.name.trim(),
        name_en: input.nameEn?.trim() || null,
        framework_contract_no: input.frameworkContractNo.trim(),
        framework_valid_from: input.frameworkValidFrom,
        framework_valid_to: input.frameworkValidTo,
        contact: input.contact?.trim() || null,
        status: input.status ?? current.status,
      });
      await this.audit(trx, {
        actor, action: 'cloud.provider.update', targetType: 'cloud_provider', targetId: id,
        before: { ...current, created_at: undefined, updated_at: undefined }, after: { ...updated, created_at: undefined, updated_at: undefined },
      });
      return updated;
    });
    return this.providerAnswer(actor, row);
  }

  // ---------------------------------------------------------------- endpoints

  /**
   * Sets a provider's endpoint for a driver. Secrets merge: keys given are set (an empty string removes one), keys
   * not given keep their sealed value. The pool's cached driver is dropped after the commit.
   */
  async putEndpoint(actor: Actor, providerId: string, driver: CloudDriverKind, input: EndpointInput, pool: DriverPool | null): Promise<ProviderEndpoint> {
    requireItCentre(actor);
    await this.providerRow(providerId);
    const errors = new FieldErrors();
    for (const name of Object.keys(input.settings)) {
      if (SECRET_LIKE_SETTING.test(name)) errors.add(`/settings/${name}`, 'cloud.secret_in_settings', `${name} looks like a secret: send it in secrets, which are sealed.`);
    }
    errors.throwIfAny();
    const row = await this.db.transaction().execute(async (trx) => {
      const current = await repo.endpointOf(trx, providerId, driver);
      const oldSecrets = current ? this.openSecrets(current) : {};
      const secrets = { ...oldSecrets };
      for (const [name, value] of Object.entries(input.secrets ?? {})) {
        if (value === '') delete secrets[name];
        else secrets[name] = value;
      }
      const saved = await repo.upsertEndpoint(trx, { provider_id: providerId, driver, settings: json(input.settings), secrets_sealed: this.sealSecrets(secrets) });
      await this.audit(trx, {
        actor, action: 'cloud.endpoint.update', targetType: 'cloud_provider_endpoint', targetId: saved.id,
        before: current ? auditEndpoint(current, Object.keys(oldSecrets)) : undefined,
        after: { ...auditEndpoint(saved, Object.keys(secrets)), secretsChanged: Object.keys(input.secrets ?? {}).sort() },
      });
      return saved;
    });
    if (pool) {
      // The change is saved; a pool that cannot drop its copy must not undo that (it reopens on its next failure).
      await pool.invalidate(row.id).catch((error: unknown) => this.base.ctx.log.warn({ err: error, endpointId: row.id }, 'driver pool invalidate failed'));
    }
    return this.endpointView(row);
  }

  /** "Test connection": the driver's own check, its failure as 502 cloud.endpoint_unreachable (secrets blanked out). */
  async testEndpoint(actor: Actor, providerId: string, driver: CloudDriverKind, pool: DriverPool): Promise<{ ok: true; driver: CloudDriverKind }> {
    requireItCentre(actor);
    await this.providerRow(providerId);
    const endpoint = await repo.endpointOf(this.db, providerId, driver);
    if (!endpoint) throw notFound('cloud.endpoint_not_found', `The provider has no ${driver} endpoint.`);
    try {
      const opened = await pool.forEndpoint(endpoint.id);
      await opened.test();
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const reason = this.scrub(error instanceof Error ? error.message : String(error), endpoint);
      throw new DomainError('cloud.endpoint_unreachable', 502, `The ${driver} endpoint did not answer as expected: ${reason}`, [], { reason });
    }
    return { ok: true, driver };
  }

  /** A driver's message may quote what it was given: no secret value leaves the server in it. */
  private scrub(message: string, endpoint: EndpointRow): string {
    let text = message;
    for (const value of Object.values(this.openSecrets(endpoint))) {
      if (value.length >= 3) text = text.split(value).join('***');
    }
    return text.slice(0, 1000);
  }

  private async openEndpoint(row: EndpointRow | undefined, missing: () => DomainError): Promise<OpenedEndpoint> {
    if (!row) throw missing();
    return { endpointId: row.id, driver: row.driver, settings: row.settings ?? {}, secrets: this.openSecrets(row) };
  }

  async endpointFor(offeringId: string): Promise<OpenedEndpoint> {
    const offering = await repo.getOffering(this.db, offeringId);
    if (!offering) throw notFound('cloud.offering_not_found', 'No such offering.');
    return this.openEndpoint(await repo.endpointOf(this.db, offering.provider_id, offering.driver), () =>
      conflict('cloud.endpoint_missing', `${offering.provider_name} has no ${offering.driver} endpoint configured for ${offering.name}.`),
    );
  }

  async endpointById(endpointId: string): Promise<OpenedEndpoint> {
    return this.openEndpoint(await repo.getEndpoint(this.db, endpointId), () => notFound('cloud.endpoint_not_found', 'No such provider endpoint.'));
  }

  // ---------------------------------------------------------------- sub-contracts

  async listSubcontracts(actor: Actor, filter: { departmentId?: string; providerId?: string }): Promise<Subcontract[]> {
    requireCloudUser(actor);
    let departmentId = filter.departmentId;
    if (!isItCentre(actor)) {
      if (departmentId && departmentId !== actor.departmentId) throw forbidden("Only your own department's sub-contracts are shown to you.");
      departmentId = actor.departmentId ?? undefined;
      if (!departmentId) return [];
    }
    return (await repo.listSubcontracts(this.db, { departmentId, providerId: filter.providerId })).map(presentSubcontract);
  }

  /** Every problem of a sub-contract's dates against each other and the provider's framework contract. */
  private checkSubcontract(input: SubcontractUpdate, provider: repo.ProviderRow, errors: FieldErrors): void {
    if (input.validFrom > input.validTo) errors.add('/validTo', 'cloud.contract_dates', 'The sub-contract ends on or after the day it starts.');
    if (input.validFrom < provider.framework_valid_from) {
      errors.add('/validFrom', 'cloud.subcontract_outside_framework', `The framework contract starts on ${provider.framework_valid_from}.`);
    }
    if (input.validTo > provider.framework_valid_to) {
      errors.add('/validTo', 'cloud.subcontract_outside_framework', `The framework contract ends on ${provider.framework_valid_to}.`);
    }
  }

  async createSubcontract(actor: Actor, input: SubcontractCreate): Promise<Subcontract> {
    requireItCentre(actor);
    const errors = new FieldErrors();
    const provider = await repo.getProvider(this.db, input.providerId);
    if (!provider) errors.add('/providerId', 'cloud.provider_not_found', 'No such provider.');
    if (!(await repo.departmentExists(this.db, input.departmentId))) errors.add('/departmentId', 'cloud.department_not_found', 'No such department.');
    if (provider) this.checkSubcontract(input, provider, errors);
    errors.throwIfAny();
    const row = await this.db.transaction().execute(async (trx) => {
      if (await repo.subcontractByNumber(trx, input.providerId, input.contractNo.trim())) {
        throw conflict('cloud.subcontract_exists', `The provider already has a sub-contract numbered ${input.contractNo}.`);
      }
      const created = await repo.insertSubcontract(trx, {
        provider_id: input.providerId,
        department_id: input.departmentId,
        contract_no: input.contractNo.trim(),
        signed_on: input.signedOn,
        valid_from: input.validFrom,
        valid_to: input.validTo,
        status: input.status ?? 'active',
      });
      await this.audit(trx, { actor, action: 'cloud.subcontract.create', targetType: 'cloud_subcontract', targetId: created.id, after: presentSubcontract(created) });
      return created;
    });
    return presentSubcontract(row);
  }

  async updateSubcontract(actor: Actor, id: string, input: SubcontractUpdate): Promise<Subcontract> {
    requireItCentre(actor);
    const current = await repo.getSubcontract(this.db, id);
    if (!current) throw notFound('cloud.subcontract_not_found', 'No such sub-contract.');
    const provider = await this.providerRow(current.provider_id);
    const errors = new FieldErrors();
    this.checkSubcontract(input, provider, errors);
    errors.throwIfAny();
    const row = await this.db.transaction().execute(async (trx) => {
      const contractNo = input.contractNo.trim();
      const clash = contractNo !== current.contract_no ? await repo.subcontractByNumber(trx, current.provider_id, contractNo) : undefined;
      if (clash) throw conflict('cloud.subcontract_exists', `The provider already has a sub-contract numbered ${contractNo}.`);
      const updated = await repo.updateSubcontract(trx, id, {
        contract_no: contractNo,
        signed_on: input.signedOn,
        valid_from: input.validFrom,
        valid_to: input.validTo,
        status: input.status ?? current.status,
      });
      await this.audit(trx, {
        actor, action: 'cloud.subcontract.update', targetType: 'cloud_subcontract', targetId: id, before: presentSubcontract(current), after: presentSubcontract(updated),
      });
      return updated;
    });
    return presentSubcontract(row);
  }

  async assertContracted(departmentId: string, providerId: string, at: Date = new Date()): Promise<void> {
    const provider = await repo.getProvider(this.db, providerId);
    if (!provider) throw notFound('cloud.provider_not_found', 'No such provider.');
    if (provider.status !== 'active') throw conflict('cloud.provider_suspended', `${provider.name} takes no new orders at the moment.`);
    const day = localDay(at);
    if (!(await repo.validSubcontract(this.db, departmentId, providerId, day))) {
      throw conflict('cloud.no_subcontract', `The department holds no sub-contract with ${provider.name} valid on ${day}.`);
    }
  }

  // ---------------------------------------------------------------- offerings

  private async offeringRow(id: string): Promise<OfferingRow> {
    const row = await repo.getOffering(this.db, id);
    if (!row) throw notFound('cloud.offering_not_found', 'No such offering.');
    return row;
  }

  /** The price of the schema's defaults with a card (null without one). */
  private fromPrice(row: OfferingRow, card: RateCardRow | undefined): number | null {
    if (!card) return null;
    return priceConfiguration(card.components, defaultParameters(row.parameters_schema)).monthlyFen;
  }

  private async offeringAnswer(row: OfferingRow): Promise<Offering> {
    const card = await repo.rateCardAt(this.db, row.id, new Date());
    return presentOffering(row, card, this.fromPrice(row, card));
  }

  async listOfferings(actor: Actor, filter: { category?: CloudCategory; providerId?: string; q?: string; includeRetired?: boolean }): Promise<Offering[]> {
    requireCloudUser(actor);
    const rows = await repo.listOfferings(this.db, { ...filter, includeRetired: Boolean(filter.includeRetired) && isItCentre(actor) });
    const cards = await repo.rateCardsAt(this.db, rows.map((row) => row.id), new Date());
    return rows.map((row) => presentOffering(row, cards.get(row.id), this.fromPrice(row, cards.get(row.id))));
  }

  async getOffering(actor: Actor, id: string): Promise<Offering> {
    requireCloudUser(actor);
    return this.offeringAnswer(await this.offeringRow(id));
  }

  private checkOffering(input: OfferingUpdate, errors: FieldErrors): void {
    const schemaErrors = checkParametersSchema(input.parametersSchema);
    errors.list.push(...schemaErrors);
    if (schemaErrors.length === 0) errors.list.push(...checkQuotaMap(input.quotaMap ?? {}, input.parametersSchema));
  }

  async createOffering(actor: Actor, input: OfferingCreate): Promise<Offering> {
    requireItCentre(actor);
    const errors = new FieldErrors();
    if (!(await repo.getProvider(this.db, input.providerId))) errors.add('/providerId', 'cloud.provider_not_found', 'No such provider.');
    this.checkOffering(input, errors);
    errors.throwIfAny();
    const id = await this.db.transaction().execute(async (trx) => {
      if (await repo.offeringByCode(trx, input.code)) throw conflict('cloud.offering_code_taken', `An offering with code ${input.code} exists.`);
      const values = {
        code: input.code,
        provider_id: input.providerId,
        category: input.category,
        resource_kind: input.resourceKind,
        driver: input.driver,
        name: input.name.trim(),
        name_en: input.nameEn?.trim() || null,
        description: input.description?.trim() ?? '',
        description_en: input.descriptionEn?.trim() || null,
        parameters_schema: input.parametersSchema,
        quota_map: input.quotaMap ?? {},
        status: input.status ?? 'active',
      } as const;
      const created = await repo.insertOffering(trx, { ...values, parameters_schema: json(values.parameters_schema), quota_map: json(values.quota_map) });
      await this.audit(trx, { actor, action: 'cloud.offering.create', targetType: 'cloud_offering', targetId: created.id, after: auditOffering({ id: created.id, ...values }) });
      return created.id;
    });
    return this.offeringAnswer(await this.offeringRow(id));
  }

  async updateOffering(actor: Actor, id: string, input: OfferingUpdate): Promise<Offering> {
    requireItCentre(actor);
    const current = await this.offeringRow(id);
    const errors = new FieldErrors();
    this.checkOffering(input, errors);
    if (errors.empty) {
      // The prices in force and those scheduled must still find their quantities in the new schema.
      const numeric = numericParameters(input.parametersSchema);
      for (const card of await repo.currentAndFutureRateCards(this.db, id, new Date())) {
        for (const component of card.components) {
          if (component.type !== 'fixed' && component.parameter && !numeric.has(component.parameter)) {
            errors.add('/parametersSchema', 'cloud.schema_breaks_rate_card', `Rate card version ${card.version} prices ${component.code} by ${component.parameter}, which the new schema lacks or makes non-numeric.`);
          }
        }
      }
    }
    errors.throwIfAny();
    await this.db.transaction().execute(async (trx) => {
      const change = {
        category: input.category,
        resource_kind: input.resourceKind,
        name: input.name.trim(),
        name_en: input.nameEn?.trim() || null,
        description: input.description?.trim() ?? '',
        description_en: input.descriptionEn?.trim() || null,
        parameters_schema: input.parametersSchema,
        quota_map: input.quotaMap ?? {},
        status: input.status ?? current.status,
      };
      await repo.updateOffering(trx, id, { ...change, parameters_schema: json(change.parameters_schema), quota_map: json(change.quota_map) });
      await this.audit(trx, {
        actor, action: change.status !== current.status ? `cloud.offering.${change.status === 'retired' ? 'retire' : 'reactivate'}` : 'cloud.offering.update',
        targetType: 'cloud_offering', targetId: id, before: auditOffering(current), after: auditOffering({ ...current, ...change }),
      });
    });
    return this.offeringAnswer(await this.offeringRow(id));
  }

  // ---------------------------------------------------------------- rate cards

  async listRateCards(actor: Actor, offeringId: string): Promise<RateCard[]> {
    requireCloudUser(actor);
    await this.offeringRow(offeringId);
    return (await repo.listRateCards(this.db, offeringId)).map(presentRateCard);
  }

  async createRateCard(actor: Actor, offeringId: string, input: RateCardInput): Promise<RateCard> {
    requireItCentre(actor);
    const offering = await this.offeringRow(offeringId);
    const now = new Date();
    const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : now;
    const errors = new FieldErrors();
    errors.list.push(...checkComponents(input.components, numericParameters(offering.parameters_schema)));
    errors.throwIfAny();
    const row = await this.db.transaction().execute(async (trx) => {
      await repo.lockOffering(trx, offeringId);
      const latest = await repo.latestRateCard(trx, offeringId);
      if (latest) {
        const late = new FieldErrors();
        if (effectiveFrom.getTime() < now.getTime() - EFFECTIVE_FROM_GRACE_MS) {
          late.add('/effectiveFrom', 'cloud.rate_card_in_past', 'A new price version starts now or later: orders already priced keep their price.');
        } else if (effectiveFrom.getTime() <= new Date(latest.effective_from).getTime()) {
          late.add('/effectiveFrom', 'cloud.rate_card_out_of_order', `Version ${latest.version} starts ${new Date(latest.effective_from).toISOString()}; a new version starts after it.`);
        }
        late.throwIfAny();
      }
      const created = await repo.insertRateCard(trx, {
        offering_id: offeringId,
        version: (latest?.version ?? 0) + 1,
        effective_from: effectiveFrom,
        components: json(input.components),
        note: input.note?.trim() || null,
        created_by: actor.kind === 'user' ? actor.userId : null,
      });
      await this.audit(trx, { actor, action: 'cloud.rate_card.create', targetType: 'cloud_offering', targetId: offeringId, after: presentRateCard(created) });
      return created;
    });
    return presentRateCard(row);
  }

  // ---------------------------------------------------------------- pricing

  async quote(offeringId: string, parameters: Record<string, unknown>, at: Date = new Date()): Promise<{ parameters: Record<string, unknown>; quote: Quote }> {
    const offering = await this.offeringRow(offeringId);
    if (offering.status === 'retired') throw conflict('cloud.offering_retired', `${offering.name} is no longer offered.`);
    const applied = applySchema(offering.parameters_schema, parameters);
    if (applied.errors.length > 0) throw validationFailed(applied.errors as FieldError[]);
    const card = await repo.rateCardAt(this.db, offeringId, at);
    if (!card) throw conflict('cloud.no_rate_card', `${offering.name} has no price in force yet.`);
    const priced = priceConfiguration(card.components, applied.parameters);
    return {
      parameters: applied.parameters,
      quote: {
        offeringId,
        rateCardId: card.id,
        rateCardVersion: card.version,
        currency: 'CNY',
        lines: priced.lines,
        monthlyFen: priced.monthlyFen,
        quotaDemand: quotaDemandOf(offering.quota_map, applied.parameters, priced.monthlyFen),
      },
    };
  }

  /** The HTTP quote: a cloud user's question. */
  async quoteFor(actor: Actor, offeringId: string, parameters: Record<string, unknown>) {
    requireCloudUser(actor);
    return this.quote(offeringId, parameters);
  }
}
