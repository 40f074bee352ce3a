/**
 * Request and response schemas of the engagement endpoints (docs/opendata/engagement.md): portal accounts,
 * applications for conditionally open data, and "request a dataset". Validation at the edge, the TypeScript
 * types and the OpenAPI document; rules that need the database are the services'.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { Nullable } from '../../../platform/http/schema.js';

const TAGS = ['opendata'];
const Uuid = (description?: string) =>
  Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', ...(description ? { description } : {}) });

export const LIMITS = {
  email: 254,
  displayName: 100,
  organisation: 200,
  password: 256,
  purpose: 2000,
  reason: 1000,
  title: 200,
  description: 4000,
  requesterName: 100,
  answer: 4000,
  validDays: 3660,
  pageSize: 100,
} as const;

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const REQUEST_STATUSES = ['open', 'accepted', 'opened', 'declined'] as const;
export const ANSWER_STATUSES = ['accepted', 'opened', 'declined'] as const;

// ---------------------------------------------------------------- accounts

const PortalUserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  organisation: Nullable(Type.String()),
});

const AccountAnswer = Type.Object({
  user: PortalUserSchema,
  csrfToken: Type.String({ description: 'Send it as X-Portal-CSRF on every POST/PUT/PATCH/DELETE.' }),
});

export const RegisterSchema = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: LIMITS.email }),
    password: Type.String({ minLength: 1, maxLength: LIMITS.password }),
    displayName: Type.String({ minLength: 1, maxLength: LIMITS.displayName }),
    organisation: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.organisation }))),
  },
  { additionalProperties: false },
);

export const LoginSchema = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: LIMITS.email }),
    password: Type.String({ minLength: 1, maxLength: LIMITS.password }),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- applications

const DatasetRef = Type.Object({ name: Type.String(), title: Type.String() });

export const MyApplicationSchema = Type.Object({
  id: Type.String(),
  dataset: DatasetRef,
  purpose: Type.String(),
  organisation: Nullable(Type.String()),
  status: Type.Enum([...APPLICATION_STATUSES]),
  /** True for an approval whose validity has run out. */
  expired: Type.Boolean(),
  reason: Nullable(Type.String()),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
});

export const ApplySchema = Type.Object(
  {
    purpose: Type.String({ minLength: 1, maxLength: LIMITS.purpose, description: '用途' }),
    organisation: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.organisation, description: 'The organisation applying, if any.' }))),
  },
  { additionalProperties: false },
);

export const ConsoleApplicationSchema = Type.Object({
  id: Type.String(),
  dataset: Type.Object({ id: Type.String(), name: Type.String(), title: Type.String() }),
  department: Nullable(Type.Object({ id: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()) })),
  applicant: Type.Object({ id: Type.String(), displayName: Type.String(), email: Type.String(), organisation: Nullable(Type.String()) }),
  purpose: Type.String(),
  organisation: Nullable(Type.String()),
  status: Type.Enum([...APPLICATION_STATUSES]),
  expired: Type.Boolean(),
  reason: Nullable(Type.String()),
  decidedBy: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
});

const Page = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.pageSize, default: 20 })),
};

export const ApplicationListQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum([...APPLICATION_STATUSES, 'decided'], { description: "decided: approved, rejected or withdrawn." })),
  ...Page,
});

export const ApproveSchema = Type.Object(
  { validDays: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.validDays, default: 365, description: 'How long the access lasts (default 365 days).' })) },
  { additionalProperties: false },
);

export const RejectSchema = Type.Object(
  { reason: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.reason, description: 'Required.' }))) },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- data requests

export const DataRequestInputSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: LIMITS.title }),
    description: Type.String({ minLength: 1, maxLength: LIMITS.description }),
    departmentId: Type.Optional(Nullable(Uuid('The department asked to open the data; none: the data administrator assigns it.'))),
    requesterName: Type.String({ minLength: 1, maxLength: LIMITS.requesterName }),
    requesterEmail: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.email, description: 'Never shown publicly.' }))),
  },
  { additionalProperties: false },
);

const DepartmentRef = Type.Object({ id: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()) });

const publicRequestFields = {
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  department: Nullable(DepartmentRef),
  status: Type.Enum([...REQUEST_STATUSES]),
  answer: Nullable(Type.String()),
  dataset: Nullable(DatasetRef),
  createdAt: Type.String(),
  answeredAt: Nullable(Type.String()),
};

/** What anyone sees: never the requester's contact. */
export const PublicRequestSchema = Type.Object(publicRequestFields);

export const ConsoleRequestSchema = Type.Object({
  ...publicRequestFields,
  requesterName: Type.String(),
  requesterEmail: Nullable(Type.String()),
  portalUser: Nullable(Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String() })),
  answeredBy: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
});

export const RequestListQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum([...REQUEST_STATUSES])),
  ...Page,
});

export const AnswerSchema = Type.Object(
  {
    status: Type.Enum([...ANSWER_STATUSES]),
    answer: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.answer, description: 'Required when declining.' }))),
    datasetName: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'The dataset the request became (status opened).' }))),
  },
  { additionalProperties: false },
);

const list = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
const IdParams = Type.Object({ id: Uuid() });

export const routeSchemas = {
  register: { tags: TAGS, summary: 'Register a portal account (logs in)', body: RegisterSchema, response: { 201: AccountAnswer } },
  login: { tags: TAGS, summary: 'Log in to the portal (5 failures lock the account for 15 minutes)', body: LoginSchema, response: { 200: AccountAnswer } },
  logout: { tags: TAGS, summary: 'Log out of the portal', response: { 204: Type.Null() } },
  me: { tags: TAGS, summary: 'The logged-in portal user and the CSRF token', response: { 200: AccountAnswer } },
  myApplications: { tags: TAGS, summary: "The portal user's applications", response: { 200: Type.Array(MyApplicationSchema) } },
  withdraw: { tags: TAGS, summary: 'Withdraw a pending application (its applicant)', params: IdParams, response: { 200: MyApplicationSchema } },
  apply: {
    tags: TAGS,
    summary: 'Apply for the data of a conditionally open dataset',
    params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
    body: ApplySchema,
    response: { 201: MyApplicationSchema },
  },
  listApplications: {
    tags: TAGS,
    summary: "Applications for the department's datasets (data administrator: all)",
    querystring: ApplicationListQuerySchema,
    response: { 200: list(ConsoleApplicationSchema) },
  },
  approve: { tags: TAGS, summary: 'Approve an application for a number of days', params: IdParams, body: ApproveSchema, response: { 200: ConsoleApplicationSchema } },
  reject: { tags: TAGS, summary: 'Reject an application with a reason', params: IdParams, body: RejectSchema, response: { 200: ConsoleApplicationSchema } },
  createRequest: { tags: TAGS, summary: 'Ask for a dataset to be opened (anyone)', body: DataRequestInputSchema, response: { 201: PublicRequestSchema } },
  listRequests: { tags: TAGS, summary: 'Dataset requests and their answers (public, without contacts)', querystring: RequestListQuerySchema, response: { 200: list(PublicRequestSchema) } },
  getRequest: { tags: TAGS, summary: 'One dataset request (public, without contacts)', params: IdParams, response: { 200: PublicRequestSchema } },
  manageRequests: {
    tags: TAGS,
    summary: 'Dataset requests addressed to the department (data administrator: all), with contacts',
    querystring: RequestListQuerySchema,
    response: { 200: list(ConsoleRequestSchema) },
  },
  answer: { tags: TAGS, summary: 'Answer a dataset request', params: IdParams, body: AnswerSchema, response: { 200: ConsoleRequestSchema } },
};

export type RegisterInput = Static<typeof RegisterSchema>;
export type ApplyInput = Static<typeof ApplySchema>;
export type MyApplication = Static<typeof MyApplicationSchema>;
export type ConsoleApplication = Static<typeof ConsoleApplicationSchema>;
export type ApplicationListQuery = Static<typeof ApplicationListQuerySchema>;
export type DataRequestInput = Static<typeof DataRequestInputSchema>;
export type PublicRequest = Static<typeof PublicRequestSchema>;
export type ConsoleRequest = Static<typeof ConsoleRequestSchema>;
export type RequestListQuery = Static<typeof RequestListQuerySchema>;
export type AnswerInput = Static<typeof AnswerSchema>;
export interface Listed<T> { items: T[]; total: number }
