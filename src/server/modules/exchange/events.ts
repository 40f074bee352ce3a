import { EventEmitter } from 'node:events';
import type { ExchangeEvents, StoreChanged } from './index.js';

/** In-process events; listeners must not throw into the emitter (a failing listener is isolated). */
export function createExchangeEvents(onListenerError: (error: unknown) => void): ExchangeEvents {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(50);
  return {
    storeChanged(listener) {
      emitter.on('storeChanged', (event: StoreChanged) => {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      });
    },
    emitStoreChanged(event) {
      emitter.emit('storeChanged', event);
    },
  };
}
