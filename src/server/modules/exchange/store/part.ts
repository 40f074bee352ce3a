import type { AppContext } from '../../../platform/context.js';
import type { StoreRegistry } from '../index.js';
import type { ExchangePart, ExchangeParts } from '../parts.js';
import { StoreRegistryImpl } from './registry.js';
import { registerStoreRoutes } from './routes.js';

export function createStoreRegistry(ctx: AppContext): StoreRegistry {
  return new StoreRegistryImpl(ctx);
}

export function createStorePart(parts: ExchangeParts): ExchangePart {
  return { routes: (app) => registerStoreRoutes(app, parts) };
}
