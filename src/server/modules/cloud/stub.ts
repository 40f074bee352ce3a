/** TEMPORARY (removed when every part is implemented): a service whose every method says it is not there yet. */
export function notYet<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => {
      if (property === 'then') return undefined;
      return () => {
        throw new Error(`${name}.${String(property)} is not implemented yet.`);
      };
    },
  });
}
