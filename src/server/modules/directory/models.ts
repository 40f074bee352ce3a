import { Type, type Static, type TSchema } from 'typebox';
import { Nullable } from '../../platform/http/schema.js';
import { ROLES } from '../../platform/actor.js';
import { SECURITY_POLICY_RANGES } from './security-policy.js';

/**
 * The API shapes of the directory (docs/API.md), as TypeBox schemas: the single source of request validation,
 * response serialisation (which drops anything not listed, so a stray column never leaks) and OpenAPI.
 */
const Timestamp = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Uuid = Type.String({ format: 'uuid' });
const Status = Type.Enum(['active', 'disabled']);

export const RoleSchema = Type.Enum([...ROLES]);

export const MeSchema = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  departmentId: Nullable(Uuid),
  departmentName: Nullable(Type.String()),
  roles: Type.Array(RoleSchema),
  mustChangePassword: Type.Boolean(),
  locale: Type.String(),
});
export type Me = Static<typeof MeSchema>;

export const RegionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  level: Type.Enum(['province', 'prefecture', 'county', 'town', 'village']),
  parentCode: Nullable(Type.String()),
  validFrom: Day,
  validTo: Nullable(Day),
  successorCode: Nullable(Type.String()),
});
export type Region = Static<typeof RegionSchema>;

export const DepartmentSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  shortCode: Type.String({ description: 'Two digits; used in department-view catalog classification codes.' }),
  creditCode: Type.String({ description: 'Unified social credit code (GB 32100-2015).' }),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  parentId: Nullable(Uuid),
  kind: Type.String(),
  status: Status,
  depth: Type.Integer({ description: 'Depth in the department tree; 0 for a root.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Department = Static<typeof DepartmentSchema>;

export const UserSchema = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  departmentId: Nullable(Uuid),
  departmentName: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  roles: Type.Array(RoleSchema),
  status: Status,
  lockedUntil: Nullable(Timestamp),
  lastLoginAt: Nullable(Timestamp),
  mustChangePassword: Type.Boolean(),
  locale: Type.String(),
  createdAt: Timestamp,
});
export type User = Static<typeof UserSchema>;

const policyField = (field: keyof typeof SECURITY_POLICY_RANGES, description: string) =>
  Type.Integer({ minimum: SECURITY_POLICY_RANGES[field].min, maximum: SECURITY_POLICY_RANGES[field].max, description });

export const SecurityPolicySchema = Type.Object(
  {
    passwordMinLength: policyField('passwordMinLength', 'Minimum password length.'),
    passwordMinClasses: policyField('passwordMinClasses', 'How many of lower/upper/digit/symbol a password mixes.'),
    lockoutThreshold: policyField('lockoutThreshold', 'Failed logins in a row that lock the account.'),
    lockoutMinutes: policyField('lockoutMinutes', 'How long a locked account stays locked.'),
    sessionIdleMinutes: policyField('sessionIdleMinutes', 'Idle time after which a session ends.'),
  },
  { additionalProperties: false },
);

export const CredentialSchema = Type.Object({
  id: Uuid,
  prefix: Type.String({ description: 'The public part of the token (zs_<prefix>_…), to tell credentials apart.' }),
  label: Nullable(Type.String()),
  status: Type.Enum(['active', 'revoked']),
  createdAt: Timestamp,
  revokedAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
});
export type Credential = Static<typeof CredentialSchema>;

export const BusinessSystemSchema = Type.Object({
  id: Uuid,
  departmentId: Uuid,
  departmentName: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  description: Nullable(Type.String()),
  status: Status,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  credentials: Type.Array(CredentialSchema),
});
export type BusinessSystem = Static<typeof BusinessSystemSchema>;

export const IssuedCredentialSchema = Type.Object({
  credential: CredentialSchema,
  token: Type.String({ description: 'zs_<prefix>_<secret>: shown this once, never again.' }),
});

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actorType: Type.String(),
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  departmentId: Nullable(Uuid),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  result: Type.String(),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};
