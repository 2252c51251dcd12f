import { type Static, Type } from 'typebox';
import { defineOperation } from '../common/operation.js';

/**
 * The web console's session (ModelArts Local's own, under `/-/console/api/`): a password login that sets an
 * HttpOnly session cookie holding an ordinary IAM token; every other console request calls the contract's operations.
 */

export const ConsoleLoginRequest = Type.Object(
  {
    user_name: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    /** The account (domain) name; default: the account of the only user with this name. */
    domain_name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type ConsoleLoginRequest = Static<typeof ConsoleLoginRequest>;

export const ConsoleSession = Type.Object({
  user_name: Type.String(),
  domain_name: Type.String(),
  project_id: Type.String(),
  region: Type.String(),
  /** Send it back as the `X-Csrf-Token` header on every request that changes something. */
  csrf_token: Type.String(),
});
export type ConsoleSession = Static<typeof ConsoleSession>;

export const consoleOperations = [
  defineOperation({
    id: 'console.login',
    service: 'local',
    method: 'POST',
    path: '/-/console/api/login',
    summary: 'Logs in to the console with a password: issues a project-scoped IAM token and sets it as the HttpOnly session cookie.',
    auth: 'none',
    body: ConsoleLoginRequest,
    responses: { 200: ConsoleSession },
  }),
  defineOperation({
    id: 'console.session',
    service: 'local',
    method: 'GET',
    path: '/-/console/api/session',
    summary: 'The console session of the cookie (401 without a valid one).',
    auth: 'required',
    responses: { 200: ConsoleSession },
  }),
  defineOperation({
    id: 'console.logout',
    service: 'local',
    method: 'POST',
    path: '/-/console/api/logout',
    summary: 'Ends the console session: revokes its token and clears the cookie.',
    auth: 'required',
    responses: { 204: Type.Null() },
  }),
] as const;
