/**
 * The small RDF model the DCAT writers share: a node is one subject with its types and properties, written at
 * once by each serialiser (JSON-LD, Turtle, RDF/XML). No blank nodes: every node has an IRI (fragments of the
 * dataset or catalog IRI where DCAT wants a nested thing), so the three forms parse into the very same graph.
 */

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  adms: 'http://www.w3.org/ns/adms#',
  dcatap: 'http://data.europa.eu/r5r/',
  hydra: 'http://www.w3.org/ns/hydra/core#',
} as const;

export type Prefix = keyof typeof NS;

/** A compact name `prefix:local` for a term of one of the namespaces above. */
export type CompactName = `${Prefix}:${string}`;

export type Term =
  | { kind: 'iri'; value: string }
  | { kind: 'literal'; value: string; language?: string; datatype?: string };

export interface RdfNode {
  id: string;
  types: CompactName[];
  /** Properties in writing order; a property may repeat (several values). */
  properties: Array<[CompactName, Term]>;
}

export function expand(name: CompactName): string {
  const colon = name.indexOf(':');
  return NS[name.slice(0, colon) as Prefix] + name.slice(colon + 1);
}

/**
 * Characters XML 1.0 cannot carry (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) are
 * dropped from every literal, so RDF/XML can say what JSON-LD and Turtle say.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const cleanText = (text: string): string => text.replace(NOT_XML, '');

export const literal = (value: string, language?: string | null): Term =>
  (language ? { kind: 'literal', value: cleanText(value), language } : { kind: 'literal', value: cleanText(value) });

export const typed = (value: string, datatype: CompactName): Term => ({ kind: 'literal', value: cleanText(value), datatype: expand(datatype) });

export const iri = (value: string): Term => ({ kind: 'iri', value });

/** Characters an IRI may not hold in Turtle (IRIREF) or anywhere else; percent-encoded. */
const NOT_IRI = /[\u0000-\u0020<>"{}|^`\\]/g;

/**
 * An absolute http(s), mailto or urn IRI made safe for every serialisation, or null when the text is not one
 * (harvested URLs come from elsewhere and may be anything).
 */
export function safeIri(text: string | null | undefined): string | null {
  if (!text) return null;
  const trimmed = text.trim();
  let href: string;
  try {
    const url = new URL(trimmed);
    if (!['http:', 'https:', 'mailto:', 'urn:', 'ftp:'].includes(url.protocol)) return null;
    href = url.href;
  } catch {
    return null;
  }
  return cleanText(href).replace(NOT_IRI, (character) =>
    [...Buffer.from(character, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

/** A mailto: IRI for an e-mail address, or null when it does not look like one. */
export function mailtoIri(email: string | null | undefined): string | null {
  const address = email?.trim();
  if (!address || !/^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(address)) return null;
  return safeIri(`mailto:${address}`);
}

/** Builds a node property by property; values that are null or undefined are left out. */
export class NodeBuilder {
  readonly node: RdfNode;

  constructor(id: string, ...types: CompactName[]) {
    this.node = { id, types, properties: [] };
  }

  add(predicate: CompactName, value: Term | null | undefined): this {
    if (value) this.node.properties.push([predicate, value]);
    return this;
  }

  iri(predicate: CompactName, value: string | null | undefined): this {
    return value ? this.add(predicate, iri(value)) : this;
  }

  text(predicate: CompactName, value: string | null | undefined, language?: string | null): this {
    return value && value.trim() ? this.add(predicate, literal(value, language)) : this;
  }

  typed(predicate: CompactName, value: string | null | undefined, datatype: CompactName): this {
    return value ? this.add(predicate, typed(value, datatype)) : this;
  }
}
