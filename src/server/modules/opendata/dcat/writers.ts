/**
 * Streaming RDF writers: each turns one node at a time into text, so a catalog of any size is written without
 * holding it. JSON-LD (one inline @context, a flat @graph), Turtle (prefixes, one block per subject) and
 * RDF/XML (one rdf:Description per subject). All three carry the same triples.
 */
import { expand, NS, type CompactName, type RdfNode, type Term } from './rdf.js';

export type RdfFormat = 'jsonld' | 'turtle' | 'rdfxml';

export const MEDIA_TYPES: Record<RdfFormat, string> = {
  jsonld: 'application/ld+json',
  turtle: 'text/turtle',
  rdfxml: 'application/rdf+xml',
};

export const EXTENSIONS: Record<string, RdfFormat> = { jsonld: 'jsonld', ttl: 'turtle', rdf: 'rdfxml' };

export interface RdfWriter {
  readonly format: RdfFormat;
  readonly contentType: string;
  head(): string;
  node(node: RdfNode): string;
  tail(): string;
}

/** Properties grouped by predicate, in the order each predicate first appears. */
function grouped(node: RdfNode): Array<[CompactName, Term[]]> {
  const groups = new Map<CompactName, Term[]>();
  for (const [predicate, value] of node.properties) {
    const list = groups.get(predicate);
    if (list) list.push(value);
    else groups.set(predicate, [value]);
  }
  return [...groups];
}

// ---------------------------------------------------------------- JSON-LD

class JsonLdWriter implements RdfWriter {
  readonly format = 'jsonld' as const;
  readonly contentType = `${MEDIA_TYPES.jsonld}; charset=utf-8`;
  private first = true;

  head(): string {
    return `{"@context":${JSON.stringify(NS)},"@graph":[\n`;
  }

  node(node: RdfNode): string {
    // Compact where JSON-LD allows: one value without an array, a plain string without an object.
    const object: Record<string, unknown> = { '@id': node.id };
    if (node.types.length) object['@type'] = node.types.length === 1 ? node.types[0] : node.types;
    for (const [predicate, values] of grouped(node)) object[predicate] = values.length === 1 ? jsonLdValue(values[0]) : values.map(jsonLdValue);
    const text = (this.first ? '' : ',\n') + JSON.stringify(object);
    this.first = false;
    return text;
  }

  tail(): string {
    return '\n]}\n';
  }
}

function jsonLdValue(term: Term): Record<string, string> | string {
  if (term.kind === 'iri') return { '@id': term.value };
  if (term.language) return { '@value': term.value, '@language': term.language };
  if (term.datatype) return { '@value': term.value, '@type': term.datatype.startsWith(NS.xsd) ? `xsd:${term.datatype.slice(NS.xsd.length)}` : term.datatype };
  return term.value;
}

// ---------------------------------------------------------------- Turtle

const TURTLE_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

export function turtleString(text: string): string {
  return `"${text.replace(/[\\"\n\r\t\b\f]/g, (character) => TURTLE_ESCAPES[character])}"`;
}

const XSD = NS.xsd;

function turtleTerm(term: Term): string {
  if (term.kind === 'iri') return `<${term.value}>`;
  const text = turtleString(term.value);
  if (term.language) return `${text}@${term.language}`;
  if (term.datatype) {
    return term.datatype.startsWith(XSD) ? `${text}^^xsd:${term.datatype.slice(XSD.length)}` : `${text}^^<${term.datatype}>`;
  }
  return text;
}

class TurtleWriter implements RdfWriter {
  readonly format = 'turtle' as const;
  readonly contentType = `${MEDIA_TYPES.turtle}; charset=utf-8`;

  head(): string {
    return `${Object.entries(NS).map(([prefix, namespace]) => `@prefix ${prefix}: <${namespace}> .`).join('\n')}\n\n`;
  }

  node(node: RdfNode): string {
    const lines: string[] = [];
    if (node.types.length) lines.push(`a ${node.types.join(', ')}`);
    for (const [predicate, values] of grouped(node)) lines.push(`${predicate} ${values.map(turtleTerm).join(', ')}`);
    if (!lines.length) return '';
    return `<${node.id}> ${lines.join(' ;\n    ')} .\n\n`;
  }

  tail(): string {
    return '';
  }
}

// ---------------------------------------------------------------- RDF/XML

/** Text content: &, < and > escaped; a carriage return kept (an XML parser would turn CR LF into LF). */
export const xmlText = (text: string): string =>
  text.replace(/[&<>\r]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[character]!);

/** Attribute values: also quotes and the whitespace an XML parser would normalise. */
export const xmlAttribute = (text: string): string =>
  text.replace(/[&<>"\r\n\t]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' })[character]!);

class RdfXmlWriter implements RdfWriter {
  readonly format = 'rdfxml' as const;
  readonly contentType = `${MEDIA_TYPES.rdfxml}; charset=utf-8`;

  head(): string {
    const namespaces = Object.entries(NS).map(([prefix, namespace]) => `\n    xmlns:${prefix}="${xmlAttribute(namespace)}"`).join('');
    return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${namespaces}>\n`;
  }

  node(node: RdfNode): string {
    const lines = [`  <rdf:Description rdf:about="${xmlAttribute(node.id)}">`];
    for (const type of node.types) lines.push(`    <rdf:type rdf:resource="${xmlAttribute(expand(type))}"/>`);
    for (const [predicate, value] of node.properties) {
      if (value.kind === 'iri') {
        lines.push(`    <${predicate} rdf:resource="${xmlAttribute(value.value)}"/>`);
      } else if (value.language) {
        lines.push(`    <${predicate} xml:lang="${xmlAttribute(value.language)}">${xmlText(value.value)}</${predicate}>`);
      } else if (value.datatype) {
        lines.push(`    <${predicate} rdf:datatype="${xmlAttribute(value.datatype)}">${xmlText(value.value)}</${predicate}>`);
      } else {
        lines.push(`    <${predicate}>${xmlText(value.value)}</${predicate}>`);
      }
    }
    lines.push('  </rdf:Description>\n');
    return lines.join('\n');
  }

  tail(): string {
    return '</rdf:RDF>\n';
  }
}

export function createWriter(format: RdfFormat): RdfWriter {
  if (format === 'jsonld') return new JsonLdWriter();
  if (format === 'turtle') return new TurtleWriter();
  return new RdfXmlWriter();
}
