import { cliActor, ROLES, type Role } from '../platform/actor.js';
import { roleSetProblems } from '../modules/directory/index.js';
import { resolveDepartmentId, withPlatform } from './shared.js';

export async function userAddCommand(input: { username: string; displayName: string; department?: string; roles: string[]; password?: string }): Promise<number> {
  const unknown = input.roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length) {
    console.error(`zhongshu: unknown role(s) ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
    return 2;
  }
  return withPlatform(async (platform) => {
    const actor = cliActor();
    const departmentId = await resolveDepartmentId(platform, input.department);
    // Check the role set before creating anyone, so a refused role leaves no user behind.
    const problems = roleSetProblems(input.roles as Role[], departmentId !== null);
    if (problems.length) {
      for (const problem of problems) console.error(`zhongshu: ${problem.code}: ${problem.error.message}`);
      return 2;
    }
    const user = await platform.directory.service.createUser(actor, {
      username: input.username,
      displayName: input.displayName,
      departmentId,
      password: input.password,
      mustChangePassword: input.password === undefined,
    });
    if (input.roles.length) await platform.directory.service.setRoles(actor, user.id, input.roles as Role[]);
    console.log(`created user ${user.username}${input.roles.length ? ` with roles ${input.roles.join(', ')}` : ''}`);
    if (user.initialPassword) console.log(`initial password (shown once; must be changed at first login): ${user.initialPassword}`);
    return 0;
  });
}

export async function userResetPasswordCommand(username: string, password?: string): Promise<number> {
  return withPlatform(async (platform) => {
    const user = await platform.directory.service.findUserByUsername(username);
    if (!user) {
      console.error(`zhongshu: no user "${username}"`);
      return 1;
    }
    const result = await platform.directory.service.resetPassword(cliActor(), user.id, password);
    if (password) console.log(`password of ${username} set`);
    else console.log(`new password of ${username} (shown once; must be changed at next login): ${result.initialPassword}`);
    return 0;
  });
}
