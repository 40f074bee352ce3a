/**
 * HTTP schemas of the CKAN Action API (OpenAPI 3.1 via TypeBox). Parameters are free-form: each action reads
 * its own the way CKAN does, so a wrong one is answered in CKAN's words, not as a problem document.
 */
import { Type } from 'typebox';

const ActionParams = Type.Object({
  action: Type.String({ description: 'status_show, package_list, package_search, package_show, resource_show, organization_list, organization_show, group_list, group_show, tag_list, license_list, datastore_search, help_show' }),
});

const ActionQuery = Type.Object({}, {
  additionalProperties: true,
  description: 'The action\'s parameters (e.g. q, fq, rows, start, sort, facet.field for package_search; id for the *_show actions). ' +
    '`callback=<name>` wraps a successful answer as JSONP (text/javascript).',
});

const Envelope = Type.Object({
  help: Type.String({ description: 'URL of help_show for this action' }),
  success: Type.Boolean(),
  result: Type.Optional(Type.Unknown()),
  error: Type.Optional(Type.Object({ __type: Type.String(), message: Type.Optional(Type.String()) }, { additionalProperties: true })),
}, { description: 'CKAN\'s envelope. Errors: 403 Authorization Error, 404 Not Found Error, 409 Validation Error (field errors next to __type), 400 Search Query Error; an unknown action is 400 with the JSON string "Bad request - Action name not known: …".' });

const tags = ['opendata-ckan'];

export const ckanRouteSchemas = {
  get: {
    tags,
    summary: 'Call a CKAN 2.10 action with query parameters (also JSONP with callback=)',
    params: ActionParams,
    querystring: ActionQuery,
    response: { 200: Envelope },
  },
  post: {
    tags,
    summary: 'Call a CKAN 2.10 action with a JSON (or form-encoded) body; answers as GET does',
    params: ActionParams,
    querystring: ActionQuery,
    response: { 200: Envelope },
  },
  options: {
    tags,
    summary: 'CORS preflight of the CKAN Action API',
    params: ActionParams,
    hide: true,
  },
};
