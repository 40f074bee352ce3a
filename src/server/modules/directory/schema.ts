import { Type } from 'typebox';
import { Nullable } from '../../platform/http/schema.js';
import {
  AuditEntrySchema,
  BusinessSystemSchema,
  DepartmentSchema,
  IssuedCredentialSchema,
  MeSchema,
  PageQuery,
  pageOf,
  RegionSchema,
  RoleSchema,
  SecurityPolicySchema,
  UserSchema,
} from './models.js';
import { PASSWORD_MAX_LENGTH } from './password.js';

/**
 * One schema per endpoint (request and successful response), the source of validation and of /openapi.json.
 * Domain formats (credit codes, division codes, system codes) are checked by the services, which answer with
 * the specific error code (directory.invalid_credit_code …) rather than a generic validation failure.
 */
const Uuid = Type.String({ format: 'uuid' });
const Text = (maxLength: number) => Type.String({ maxLength });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const NoContent = Type.Null({ description: 'No content' });
const IdParams = Type.Object({ id: Uuid });
const body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });

const SessionAnswer = Type.Object({ user: MeSchema, csrfToken: Type.String() });

export const sessionSchemas = {
  login: {
    tags: ['session'],
    summary: 'Log in: sets the zs_session cookie and returns the CSRF token',
    security: [],
    body: body({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }) }),
    response: { 200: SessionAnswer },
  },
  current: { tags: ['session'], summary: 'The logged-in user and the CSRF token', response: { 200: SessionAnswer } },
  logout: { tags: ['session'], summary: 'Log out', response: { 204: NoContent } },
  changePassword: {
    tags: ['session'],
    summary: 'Change one’s own password (required when mustChangePassword is true)',
    body: body({
      currentPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
      newPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
    }),
    response: { 204: NoContent },
  },
};

const RegionLevel = Type.Enum(['province', 'prefecture', 'county', 'town', 'village']);

export const regionSchemas = {
  list: {
    tags: ['directory'],
    summary: 'Administrative divisions (GB/T 2260): current ones, or all versions',
    querystring: Type.Object({ includeRetired: Type.Optional(Type.Boolean({ default: false })) }),
    response: { 200: Type.Array(RegionSchema) },
  },
  upsert: {
    tags: ['directory'],
    summary: 'Create or update a region (a later validFrom opens a new version of the code)',
    body: body({
      code: Text(12),
      name: Name,
      nameEn: Type.Optional(Nullable(Text(200))),
      level: Type.Optional(RegionLevel),
      parentCode: Type.Optional(Nullable(Text(12))),
      validFrom: Type.Optional(Type.String({ format: 'date' })),
    }),
    response: { 200: RegionSchema },
  },
  retire: {
    tags: ['directory'],
    summary: 'Retire the current version of a region code, naming its successor',
    params: Type.Object({ code: Text(12) }),
    body: body({ validTo: Type.String({ format: 'date' }), successorCode: Type.Optional(Nullable(Text(12))) }),
    response: { 200: RegionSchema },
  },
};

const DepartmentFields = {
  name: Name,
  nameEn: Type.Optional(Nullable(Text(200))),
  creditCode: Text(32),
  regionCode: Text(12),
  parentId: Type.Optional(Nullable(Uuid)),
  kind: Type.String({ minLength: 1, maxLength: 50 }),
  shortCode: Type.Optional(Text(3)),
};

export const departmentSchemas = {
  list: {
    tags: ['directory'],
    summary: 'Departments as a flat list in tree order (parentId links)',
    querystring: Type.Object({ q: Type.Optional(Text(100)) }),
    response: { 200: Type.Array(DepartmentSchema) },
  },
  get: { tags: ['directory'], summary: 'One department', params: IdParams, response: { 200: DepartmentSchema } },
  create: { tags: ['directory'], summary: 'Create a department', body: body(DepartmentFields), response: { 201: DepartmentSchema } },
  update: {
    tags: ['directory'],
    summary: 'Change a department',
    params: IdParams,
    // Type.Partial would drop additionalProperties: false, so the optional fields are spelled out.
    body: body({
      name: Type.Optional(Name),
      nameEn: DepartmentFields.nameEn,
      creditCode: Type.Optional(DepartmentFields.creditCode),
      regionCode: Type.Optional(DepartmentFields.regionCode),
      parentId: DepartmentFields.parentId,
      kind: Type.Optional(DepartmentFields.kind),
      shortCode: DepartmentFields.shortCode,
      status: Type.Optional(Type.Enum(['active', 'disabled'])),
    }),
    response: { 200: DepartmentSchema },
  },
};

const Contact = { email: Type.Optional(Nullable(Text(254))), phone: Type.Optional(Nullable(Text(32))) };

export const userSchemas = {
  list: {
    tags: ['users'],
    summary: 'Users (department admins: their own department)',
    querystring: Type.Object({ q: Type.Optional(Text(100)), departmentId: Type.Optional(Uuid), ...PageQuery }),
    response: { 200: pageOf(UserSchema) },
  },
  get: { tags: ['users'], summary: 'One user', params: IdParams, response: { 200: UserSchema } },
  create: {
    tags: ['users'],
    summary: 'Create a user; the generated initial password is shown once',
    body: body({
      username: Type.String({ pattern: '^[A-Za-z0-9_.@-]{2,64}$' }),
      displayName: Type.String({ minLength: 1, maxLength: 100 }),
      departmentId: Type.Optional(Nullable(Uuid)),
      ...Contact,
    }),
    response: { 201: Type.Object({ user: UserSchema, initialPassword: Type.String() }) },
  },
  update: {
    tags: ['users'],
    summary: 'Change a user (disabling ends their sessions)',
    params: IdParams,
    body: body({
      displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      departmentId: Type.Optional(Nullable(Uuid)),
      ...Contact,
      status: Type.Optional(Type.Enum(['active', 'disabled'])),
    }),
    response: { 200: UserSchema },
  },
  resetPassword: {
    tags: ['users'],
    summary: 'Set a generated password, to be changed at next login',
    params: IdParams,
    response: { 200: Type.Object({ initialPassword: Type.String() }) },
  },
  unlock: { tags: ['users'], summary: 'Unlock an account locked by failed logins', params: IdParams, response: { 200: UserSchema } },
  setRoles: {
    tags: ['users'],
    summary: 'Set a user’s roles (security admin; the three admin roles are exclusive)',
    params: IdParams,
    body: body({ roles: Type.Array(RoleSchema, { uniqueItems: true, maxItems: 6 }) }),
    response: { 200: UserSchema },
  },
};

export const securityPolicySchemas = {
  get: { tags: ['security'], summary: 'The security policy', response: { 200: SecurityPolicySchema } },
  put: { tags: ['security'], summary: 'Set the security policy', body: SecurityPolicySchema, response: { 200: SecurityPolicySchema } },
};

const CredentialParams = Type.Object({ id: Uuid, credentialId: Uuid });

export const systemSchemas = {
  list: {
    tags: ['systems'],
    summary: 'Business systems with their credentials (never secrets)',
    querystring: Type.Object({ departmentId: Type.Optional(Uuid) }),
    response: { 200: Type.Array(BusinessSystemSchema) },
  },
  get: { tags: ['systems'], summary: 'One business system', params: IdParams, response: { 200: BusinessSystemSchema } },
  create: {
    tags: ['systems'],
    summary: 'Register a business system of a department',
    body: body({ departmentId: Uuid, code: Text(63), name: Name, nameEn: Type.Optional(Nullable(Text(200))), description: Type.Optional(Nullable(Text(2000))) }),
    response: { 201: BusinessSystemSchema },
  },
  update: {
    tags: ['systems'],
    summary: 'Change a business system (disabling stops its credentials)',
    params: IdParams,
    body: body({
      name: Type.Optional(Name),
      nameEn: Type.Optional(Nullable(Text(200))),
      description: Type.Optional(Nullable(Text(2000))),
      status: Type.Optional(Type.Enum(['active', 'disabled'])),
    }),
    response: { 200: BusinessSystemSchema },
  },
  issueCredential: {
    tags: ['systems'],
    summary: 'Issue an API credential; the token is shown this once',
    params: IdParams,
    body: body({ label: Type.Optional(Nullable(Text(100))) }),
    response: { 201: IssuedCredentialSchema },
  },
  rotateCredential: {
    tags: ['systems'],
    summary: 'Revoke a credential and issue its replacement',
    params: CredentialParams,
    response: { 201: IssuedCredentialSchema },
  },
  revokeCredential: { tags: ['systems'], summary: 'Revoke a credential (effective at once)', params: CredentialParams, response: { 204: NoContent } },
};

export const auditSchemas = {
  list: {
    tags: ['audit'],
    summary: 'The audit log, newest first',
    querystring: Type.Object({
      actor: Type.Optional(Text(100)),
      action: Type.Optional(Text(100)),
      targetType: Type.Optional(Text(100)),
      targetId: Type.Optional(Text(100)),
      from: Type.Optional(Type.String({ format: 'date-time' })),
      to: Type.Optional(Type.String({ format: 'date-time' })),
      ...PageQuery,
    }),
    response: { 200: pageOf(AuditEntrySchema) },
  },
};
