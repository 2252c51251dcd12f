import type { ConsoleSession } from '@modelarts-ts/contract';
import type { FastifyRequest } from 'fastify';
import { PlatformError } from '../../errors.js';
import { tokenCaller } from '../../plugins/auth.js';
import { passwordLoginOf } from '../iam/password-login.js';
import type { PlatformContext, Provider } from '../provider.js';

/**
 * The web console's session: a password login (throttled with IAM's) issues an ordinary project-scoped IAM token and
 * sets it as an HttpOnly, SameSite=Strict cookie; every other console request is an operation of the contract,
 * authenticated by that cookie plus its CSRF header (see docs/console.md).
 */
export function consoleProvider(ctx: PlatformContext): Provider {
  const { iam, consoleSessions: sessions } = ctx;
  const login = passwordLoginOf(ctx);
  const secure = (request: FastifyRequest) => request.protocol === 'https';
  const view = (user_name: string, domain_name: string, project_id: string, token: string): ConsoleSession => ({
    user_name,
    domain_name,
    project_id,
    region: ctx.config.region,
    csrf_token: sessions.csrfToken(token),
  });
  /** The session token of the request's cookie, checked like any token. */
  const sessionOf = (request: FastifyRequest) => {
    const token = sessions.tokenOf(request.headers.cookie);
    if (token === undefined) throw new PlatformError('ModelArts.0201', 'Not logged in to the console: POST /-/console/api/login first');
    return { token, caller: tokenCaller(token, iam, Date.now()) };
  };
  return {
    name: 'console',
    handlers: {
      'console.login': async ({ body, request, reply }) => {
        const { user, domain } = await login(
          { user_name: body.user_name, password: body.password, ...(body.domain_name !== undefined ? { domain_name: body.domain_name } : {}) },
          reply,
        );
        // The user's project: the one of the credentials file when it is this account's, else the account's first.
        const projects = iam.projectsOfDomain(user.domain_id);
        const project = projects.find((p) => p.id === ctx.credentials.project_id) ?? projects[0];
        if (!project) throw new PlatformError('IAM.0003', `The account ${domain.name} has no project`);
        const ttl = ctx.config.tokenTtlSeconds;
        const { token } = iam.issueToken(user.id, project.id, ttl * 1000);
        reply.header('Set-Cookie', sessions.setCookie(token, ttl, secure(request)));
        reply.header('Cache-Control', 'no-store');
        return view(user.name, domain.name, project.id, token);
      },
      'console.session': ({ request, reply }) => {
        const { token, caller } = sessionOf(request);
        if (!caller.token_project_id) throw new PlatformError('ModelArts.0207');
        reply.header('Cache-Control', 'no-store');
        return view(caller.user_name, caller.domain_name, caller.token_project_id, token);
      },
      'console.logout': ({ request, reply }) => {
        const { token } = sessionOf(request);
        iam.revokeToken(token);
        reply.header('Set-Cookie', sessions.clearCookie(secure(request)));
        return null;
      },
    },
  };
}
