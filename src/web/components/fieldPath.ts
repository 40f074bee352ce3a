// Problem field errors point into the request body with RFC 6901 JSON pointers; antd forms name fields by path.

export type NamePath = (string | number)[];

/** '/dataItems/2/name' → ['dataItems', 2, 'name'] (RFC 6901 unescaping included). */
export function pointerToNamePath(pointer: string): NamePath {
  return pointer
    .split('/')
    .slice(1)
    .filter((segment) => segment !== '')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}
