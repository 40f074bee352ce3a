/**
 * For DCAT tests and CI: parse the three serialisations back with independent parsers (n3 for Turtle, jsonld
 * for JSON-LD, rdfxml-streaming-parser for RDF/XML) and validate with rdf-validate-shacl against the official
 * DCAT-AP 3.0.1 shapes (shapes/, copied from ../shared/standards/dcat-ap-3.0.1/). Test code only (development
 * dependencies).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonld from 'jsonld';
import { Parser, Store, type Quad, type Term } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import type { RdfFormat } from './writers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The official shapes, vendored beside this file (shapes/README.md). */
export const SHAPES_DIR = path.join(HERE, 'shapes');

export function parseTurtle(text: string): Quad[] {
  return new Parser({ format: 'text/turtle' }).parse(text);
}

export async function parseJsonLd(text: string): Promise<Quad[]> {
  // safe: a value the conversion would drop (an invalid IRI, a bad language tag) is an error, not a loss.
  const nquads = await jsonld.toRDF(JSON.parse(text), { format: 'application/n-quads', safe: true } as jsonld.Options.ToRdf);
  return new Parser({ format: 'N-Quads' }).parse(nquads as unknown as string);
}

export function parseRdfXml(text: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    const parser = new RdfXmlParser();
    parser.on('data', (quad: Quad) => quads.push(quad));
    parser.on('error', reject);
    parser.on('end', () => resolve(quads));
    parser.write(text);
    parser.end();
  });
}

export function parseRdf(format: RdfFormat, text: string): Promise<Quad[]> {
  if (format === 'turtle') return Promise.resolve(parseTurtle(text));
  if (format === 'jsonld') return parseJsonLd(text);
  return parseRdfXml(text);
}

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

function termKey(term: Term): string {
  if (term.termType === 'Literal') {
    const language = term.language ? `@${term.language.toLowerCase()}` : '';
    const datatype = term.language ? '' : `^^<${term.datatype?.value || XSD_STRING}>`;
    return `${JSON.stringify(term.value)}${language}${datatype}`;
  }
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  return `<${term.value}>`;
}

/** Each triple as one canonical line (the documents have no blank nodes, so equal sets are equal graphs). */
export function tripleKeys(quads: Quad[]): Set<string> {
  return new Set(quads.map((quad) => `${termKey(quad.subject)} ${termKey(quad.predicate)} ${termKey(quad.object)}`));
}

export interface ShaclFinding {
  severity: string;
  focusNode: string;
  path: string | null;
  message: string;
  constraint: string;
}

const shapeCache = new Map<string, Quad[]>();

function shapes(files: string[]): Store {
  const store = new Store();
  for (const file of files) {
    let quads = shapeCache.get(file);
    if (!quads) {
      quads = parseTurtle(fs.readFileSync(path.join(SHAPES_DIR, file), 'utf8'));
      shapeCache.set(file, quads);
    }
    store.addQuads(quads);
  }
  return store;
}

/** Validates the data against the shapes files (names in SHAPES_DIR); every result, violations and warnings. */
export async function validateShacl(data: Quad[], files: string[]): Promise<ShaclFinding[]> {
  const validator = new SHACLValidator(shapes(files));
  const report = await validator.validate(new Store(data));
  return report.results.map((result) => ({
    severity: result.severity?.value.replace('http://www.w3.org/ns/shacl#', '') ?? 'Violation',
    focusNode: result.focusNode?.value ?? '',
    path: result.path?.value ?? null,
    message: result.message.map((message) => message.value).join(' '),
    constraint: result.sourceConstraintComponent?.value.replace('http://www.w3.org/ns/shacl#', '') ?? '',
  }));
}

export const describeFindings = (findings: ShaclFinding[]): string =>
  findings.map((finding) => `${finding.severity} ${finding.constraint} at <${finding.focusNode}> ${finding.path ?? ''}: ${finding.message}`).join('\n');
