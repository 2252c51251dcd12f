import type { FastifyReply } from 'fastify';
import { PlatformError } from '../../errors.js';
import type { PlatformContext } from '../provider.js';
import { LoginThrottle } from './login-throttle.js';
import { verifyPasswordAsync } from './passwords.js';
import type { DomainRow, UserRow } from './store.js';

/** Who logs in: a user by id or name, within an account given by id or name (or the only user of that name). */
export interface PasswordIdentity {
  user_id?: string;
  user_name?: string;
  domain_id?: string;
  domain_name?: string;
  password: string;
}

export type PasswordLogin = (who: PasswordIdentity, reply: FastifyReply) => Promise<{ user: UserRow; domain: DomainRow }>;

/** One throttle per platform: the IAM token API and the console's login count the same failures. */
const logins = new WeakMap<PlatformContext, PasswordLogin>();

/**
 * Checks a password login (IAM's `POST /v3/auth/tokens` and the console's login): throttled per login name, and the
 * same answer for an unknown user as for a wrong password, so nothing reveals which users exist.
 */
export function passwordLoginOf(ctx: PlatformContext): PasswordLogin {
  const known = logins.get(ctx);
  if (known) return known;
  const { iam } = ctx;
  const throttle = new LoginThrottle(ctx.config.loginMaxFailures, ctx.config.loginLockoutSeconds * 1000);
  const login: PasswordLogin = async (who, reply) => {
    const loginName = JSON.stringify([who.domain_id ?? who.domain_name ?? '', who.user_id ?? who.user_name ?? '']);
    const wait = throttle.lockedFor(loginName);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      reply.header('Retry-After', String(seconds));
      throw new PlatformError(
        'APIGW.0308',
        `Too many failed logins for this user: password logins are refused for ${seconds} more seconds (AK/SK requests still work)`,
      );
    }
    const named = who.domain_id !== undefined || who.domain_name !== undefined;
    const domain = who.domain_id ? iam.domainById(who.domain_id) : who.domain_name ? iam.domainByName(who.domain_name) : undefined;
    const candidates = who.user_id
      ? [iam.userById(who.user_id)].filter((x) => x !== undefined)
      : who.user_name
        ? iam.usersByName(who.user_name, domain?.id)
        : [];
    const user = (!named || domain) && candidates.length === 1 ? candidates[0] : undefined;
    if (!user || (domain && user.domain_id !== domain.id) || !(await verifyPasswordAsync(who.password, user.password_hash))) {
      throttle.fail(loginName);
      throw new PlatformError('IAM.0001');
    }
    throttle.succeed(loginName);
    const userDomain = iam.domainById(user.domain_id);
    if (!userDomain) throw new PlatformError('IAM.0001');
    return { user, domain: userDomain };
  };
  logins.set(ctx, login);
  return login;
}
