/**
 * The controlled values DCAT-AP wants beside vocabulary.ts: access rights, planned availability, licence and
 * publisher types, and the EU file types / licences that harvested datasets may name. Each value that the
 * output refers to is also described as a node (typed with the class range.ttl expects, labelled), because
 * SHACL checks the class of a value in the data graph itself.
 */
import { FILE_TYPE_BY_FORMAT, FREQUENCY_BY_KEY, LANGUAGE_EN, LANGUAGE_ZH, LICENCE_BY_ID, THEME_BY_KEY, THEMES } from '../vocabulary.js';
import { NodeBuilder, safeIri, type RdfNode } from './rdf.js';

const EU = 'http://publications.europa.eu/resource/authority';

export const DATA_THEME_SCHEME = `${EU}/data-theme`;

export const ACCESS_RIGHTS = {
  open: { uri: `${EU}/access-right/PUBLIC`, label: '公开', labelEn: 'Public' },
  conditional: { uri: `${EU}/access-right/RESTRICTED`, label: '有条件开放', labelEn: 'Restricted' },
} as const;

/** Local downloads stay available (every version stays downloadable). */
export const AVAILABILITY_STABLE = { uri: `${EU}/planned-availability/STABLE`, label: '稳定', labelEn: 'Stable' };

const LICENCE_TYPE = 'http://purl.org/adms/licencetype';
const LICENCE_TYPES: Record<string, { label: string; labelEn: string }> = {
  Attribution: { label: '署名', labelEn: 'Attribution' },
  PublicDomain: { label: '公共领域', labelEn: 'Public domain' },
  ShareAlike: { label: '相同方式共享', labelEn: 'Share-alike' },
  NonCommercialUseOnly: { label: '仅限非商业使用', labelEn: 'Non-commercial use only' },
};

/** The local governments publishing on the portal. */
export const PUBLISHER_TYPE_LOCAL = { uri: 'http://purl.org/adms/publishertype/LocalAuthority', label: '地方政府机构', labelEn: 'Local authority' };

export interface LicenceRef {
  uri: string;
  title: string | null;
  titleEn: string | null;
  /** ADMS licence types (local names under http://purl.org/adms/licencetype/). */
  types: string[];
}

/** EU licence URIs of the licences vocabulary.ts knows, and of other CKAN licence ids harvested datasets carry. */
const LICENCE_TYPES_BY_EU_CODE: Record<string, string[]> = {
  CC_BY_4_0: ['Attribution'],
  CC0: ['PublicDomain'],
  CC_BY_SA_4_0: ['Attribution', 'ShareAlike'],
  ODC_BY: ['Attribution'],
  // The conditional licence: reuse with attribution, under the department's conditions.
  COM_REUSE: ['Attribution'],
  CC_BY_NC_4_0: ['Attribution', 'NonCommercialUseOnly'],
  ODC_BL: ['Attribution', 'ShareAlike'],
  ODC_PDDL: ['PublicDomain'],
};

const CKAN_LICENCES: Record<string, string> = {
  'cc-by': 'CC_BY_4_0', 'cc-by-4.0': 'CC_BY_4_0', 'cc-zero': 'CC0', 'cc0-1.0': 'CC0', 'cc-by-sa': 'CC_BY_SA_4_0', 'cc-by-sa-4.0': 'CC_BY_SA_4_0',
  'cc-nc': 'CC_BY_NC_4_0', 'cc-by-nc-4.0': 'CC_BY_NC_4_0', 'odc-by': 'ODC_BY', 'odc-odbl': 'ODC_BL', 'odc-pddl': 'ODC_PDDL',
};

/** The licence of a dataset's distributions, or null when the licence has no IRI we could name. */
export function licenceOf(licenseId: string): LicenceRef | null {
  const known = LICENCE_BY_ID.get(licenseId);
  const euPrefix = `${EU}/licence/`;
  const uri = known?.uri
    ?? (CKAN_LICENCES[licenseId.toLowerCase()] ? `${euPrefix}${CKAN_LICENCES[licenseId.toLowerCase()]}` : null)
    ?? safeIri(/^https?:\/\//.test(licenseId) ? licenseId : null);
  if (!uri) return null;
  const code = uri.startsWith(euPrefix) ? uri.slice(euPrefix.length) : null;
  return { uri, title: known?.title ?? null, titleEn: known?.titleEn ?? code ?? null, types: (code && LICENCE_TYPES_BY_EU_CODE[code]) || [] };
}

export interface FileTypeRef {
  /** EU file type (dct:format), null when the format is not one we can name. */
  uri: string | null;
  code: string | null;
  /** IANA media type IRI (dcat:mediaType), null when unknown. */
  mediaTypeUri: string | null;
  mediaType: string | null;
}

const IANA = 'http://www.iana.org/assignments/media-types/';

/** Formats harvested resources often name, by upper-case CKAN format → EU file-type code and media type. */
const OTHER_FORMATS: Record<string, [string, string | null]> = {
  PDF: ['PDF', 'application/pdf'], XLS: ['XLS', 'application/vnd.ms-excel'], XML: ['XML', 'application/xml'],
  ZIP: ['ZIP', 'application/zip'], GEOJSON: ['GEOJSON', 'application/geo+json'], SHP: ['SHP', null], HTML: ['HTML', 'text/html'],
  TXT: ['TXT', 'text/plain'], DOC: ['DOC', 'application/msword'], ODS: ['ODS', 'application/vnd.oasis.opendocument.spreadsheet'],
  DOCX: ['DOCX', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'], TSV: ['TSV', 'text/tab-separated-values'],
  RDF: ['RDF_XML', 'application/rdf+xml'], 'RDF/XML': ['RDF_XML', 'application/rdf+xml'], TTL: ['RDF_TURTLE', 'text/turtle'],
  TURTLE: ['RDF_TURTLE', 'text/turtle'], JSONLD: ['JSON_LD', 'application/ld+json'], 'JSON-LD': ['JSON_LD', 'application/ld+json'],
  KML: ['KML', 'application/vnd.google-earth.kml+xml'], KMZ: ['KMZ', 'application/vnd.google-earth.kmz'],
  WMS: ['WMS_SRVC', null], WFS: ['WFS_SRVC', null], PNG: ['PNG', 'image/png'], JPEG: ['JPEG', 'image/jpeg'], JPG: ['JPEG', 'image/jpeg'],
  GZ: ['GZIP', 'application/gzip'], GZIP: ['GZIP', 'application/gzip'], TAR: ['TAR', 'application/x-tar'],
};

const MEDIA_TYPE_SHAPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

export function fileTypeOf(format: string, mediaType: string | null): FileTypeRef {
  const upper = format.trim().toUpperCase();
  const local = FILE_TYPE_BY_FORMAT.get(upper);
  const other = OTHER_FORMATS[upper];
  const code = local ? upper : other ? other[0] : null;
  const declared = mediaType?.split(';')[0].trim().toLowerCase() || null;
  const media = (declared && MEDIA_TYPE_SHAPE.test(declared) ? declared : null) ?? local?.mediaType ?? other?.[1] ?? null;
  return {
    uri: local ? local.uri : code ? `${EU}/file-type/${code}` : null,
    code,
    mediaTypeUri: media ? `${IANA}${media}` : null,
    mediaType: media,
  };
}

/**
 * The description of a controlled value, by IRI, built on first use (a catalog writes each once). Returns null
 * for IRIs that are not controlled values (the caller describes those itself).
 */
export function vocabularyNode(uri: string): RdfNode | null {
  if (uri === DATA_THEME_SCHEME) {
    return new NodeBuilder(uri, 'skos:ConceptScheme').text('dct:title', '数据主题', 'zh').text('dct:title', 'Data theme', 'en').node;
  }
  const theme = THEMES.find((entry) => entry.uri === uri);
  if (theme) {
    return new NodeBuilder(uri, 'skos:Concept')
      .text('skos:prefLabel', theme.title, 'zh').text('skos:prefLabel', theme.titleEn, 'en').iri('skos:inScheme', DATA_THEME_SCHEME).node;
  }
  const frequency = [...FREQUENCY_BY_KEY.values()].find((entry) => entry.uri === uri);
  if (frequency) return labelled(uri, 'dct:Frequency', frequency.title, frequency.titleEn);
  if (uri === LANGUAGE_ZH) return labelled(uri, 'dct:LinguisticSystem', '中文', 'Chinese');
  if (uri === LANGUAGE_EN) return labelled(uri, 'dct:LinguisticSystem', '英文', 'English');
  for (const rights of Object.values(ACCESS_RIGHTS)) if (rights.uri === uri) return labelled(uri, 'dct:RightsStatement', rights.label, rights.labelEn);
  if (uri === AVAILABILITY_STABLE.uri) return concept(uri, AVAILABILITY_STABLE.label, AVAILABILITY_STABLE.labelEn);
  if (uri === PUBLISHER_TYPE_LOCAL.uri) return concept(uri, PUBLISHER_TYPE_LOCAL.label, PUBLISHER_TYPE_LOCAL.labelEn);
  if (uri.startsWith(`${LICENCE_TYPE}/`)) {
    const type = LICENCE_TYPES[uri.slice(LICENCE_TYPE.length + 1)];
    return type ? concept(uri, type.label, type.labelEn) : null;
  }
  if (uri.startsWith(`${EU}/file-type/`)) return labelled(uri, 'dct:MediaTypeOrExtent', null, uri.slice(`${EU}/file-type/`.length));
  if (uri.startsWith(IANA)) return labelled(uri, 'dct:MediaType', null, uri.slice(IANA.length));
  return null;
}

/** A licence document with its ADMS types (each type is a controlled value too). */
export function licenceNode(licence: LicenceRef): RdfNode {
  const node = new NodeBuilder(licence.uri, 'dct:LicenseDocument').text('rdfs:label', licence.title, 'zh').text('rdfs:label', licence.titleEn, 'en');
  for (const type of licence.types) node.iri('dct:type', `${LICENCE_TYPE}/${type}`);
  return node.node;
}

export const licenceTypeUris = (licence: LicenceRef): string[] => licence.types.map((type) => `${LICENCE_TYPE}/${type}`);

function labelled(uri: string, type: 'dct:Frequency' | 'dct:LinguisticSystem' | 'dct:RightsStatement' | 'dct:MediaTypeOrExtent' | 'dct:MediaType', label: string | null, labelEn: string): RdfNode {
  return new NodeBuilder(uri, type).text('rdfs:label', label, 'zh').text('rdfs:label', labelEn, 'en').node;
}

function concept(uri: string, label: string, labelEn: string): RdfNode {
  return new NodeBuilder(uri, 'skos:Concept').text('skos:prefLabel', label, 'zh').text('skos:prefLabel', labelEn, 'en').node;
}

export const themeUri = (key: string): string | null => THEME_BY_KEY.get(key)?.uri ?? null;
