/**
 * Who is acting. Services receive an Actor and decide; they never look at HTTP.
 * A person (user), a business system calling with its credential, or an operator at the CLI.
 */
export const ROLES = ['system_admin', 'security_admin', 'audit_admin', 'data_admin', 'dept_admin', 'dept_operator'] as const;
export type Role = (typeof ROLES)[number];

/** 三员分立: one person holds at most one of these. */
export const ADMIN_TRIAD: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

interface ActorBase {
  requestId?: string;
  ip?: string;
}

export interface UserActor extends ActorBase {
  kind: 'user';
  userId: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  roles: Role[];
  mustChangePassword: boolean;
  sessionTokenHash?: string;
  csrfToken?: string;
}

export interface SystemActor extends ActorBase {
  kind: 'system';
  systemId: string;
  systemCode: string;
  credentialId: string;
  departmentId: string;
  roles: [];
}

/** The operator at the command line on the server itself: trusted like root. */
export interface CliActor extends ActorBase {
  kind: 'cli';
  name: string;
  departmentId: null;
  roles: Role[];
}

export type Actor = UserActor | SystemActor | CliActor;

export const cliActor = (name = 'cli'): CliActor => ({ kind: 'cli', name, departmentId: null, roles: [...ROLES] });

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.kind === 'cli' || actor.roles.some((role) => roles.includes(role));
}

export function actorLabel(actor: Actor): { type: 'user' | 'credential' | 'cli'; id: string; name: string } {
  switch (actor.kind) {
    case 'user':
      return { type: 'user', id: actor.userId, name: actor.username };
    case 'system':
      return { type: 'credential', id: actor.credentialId, name: actor.systemCode };
    case 'cli':
      return { type: 'cli', id: actor.name, name: actor.name };
  }
}
