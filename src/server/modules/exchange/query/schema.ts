/** HTTP schemas of the records API (OpenAPI 3.1 via TypeBox). Filters are free-form query parameters. */
import { Type } from 'typebox';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
const KeyParams = Type.Object({ code: Type.String({ maxLength: 64 }), key: Type.String({ maxLength: 2000 }) });

const filterDescription =
  'Filters on data items, PostgREST style: <field>=eq.<v> | in.<a,b,c> | prefix.<v> | gte./gt./lte./lt.<v>; several on one field are ANDed. ' +
  'Range and prefix filters are refused on masked fields.';

/** Every reserved parameter as a string (checked by the service, so refusals are logged too); filters as string arrays. */
const recordsQuery = (reserved: Record<string, string>) =>
  Type.Object(
    Object.fromEntries(Object.entries(reserved).map(([name, description]) => [name, Type.Optional(Type.String({ description }))])),
    { additionalProperties: Type.Array(Type.String()), description: filterDescription },
  );

const FIELDS = 'Comma-separated data items to return (default: every granted item).';
const LIMIT = 'Page size, 1–1000 (default 100).';
const AFTER = 'The "next" cursor of the previous page.';

const PurposeHeader = Type.Object({
  'x-purpose': Type.Optional(Type.String({ description: 'Why the data is read (1–200 characters, UTF-8 percent-encoded when non-ASCII). Required.' })),
});

const RecordSchema = Type.Object({}, { additionalProperties: true, description: 'Granted data items only; masked items masked.' });

const PageSchema = Type.Object({
  items: Type.Array(RecordSchema),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page; null on the last page.' }),
  fields: Type.Array(Type.String()),
});

export const queryRouteSchemas = {
  list: {
    tags: ['exchange'],
    summary: 'Read records of a resource under the calling business system\'s grant (keyset paging)',
    params: CodeParams,
    headers: PurposeHeader,
    querystring: recordsQuery({ _fields: FIELDS, _limit: LIMIT, _after: AFTER }),
    response: { 200: PageSchema },
  },
  get: {
    tags: ['exchange'],
    summary: 'One record by key (composite keys: "a,2024" or a JSON array)',
    params: KeyParams,
    headers: PurposeHeader,
    querystring: recordsQuery({ _fields: FIELDS }),
    response: { 200: Type.Object({ item: RecordSchema, fields: Type.Array(Type.String()) }) },
  },
  export: {
    tags: ['exchange'],
    summary: 'Every matching record, streamed as NDJSON or CSV (UTF-8 with BOM)',
    params: CodeParams,
    headers: PurposeHeader,
    querystring: recordsQuery({ _fields: FIELDS, _format: 'ndjson (default) or csv' }),
    response: {
      200: {
        description: 'The records, one per line (NDJSON) or as CSV with a header row.',
        content: {
          'application/x-ndjson': { schema: Type.String() },
          'text/csv': { schema: Type.String() },
        },
      },
    },
  },
  preview: {
    tags: ['exchange'],
    summary: 'Console preview of a resource: first 50 records (provider department in clear, data bureau masked)',
    params: CodeParams,
    headers: PurposeHeader,
    querystring: recordsQuery({ _fields: FIELDS, _limit: 'Rows, 1–50 (default 50).' }),
    response: { 200: Type.Object({ ...PageSchema.properties, masked: Type.Boolean() }) },
  },
};
