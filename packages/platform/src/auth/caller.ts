import type {} from 'fastify';

/** Who is calling, as authentication established it. */
export interface Caller {
  user_id: string;
  user_name: string;
  domain_id: string;
  domain_name: string;
  via: 'aksk' | 'token';
  /** Projects this caller may address in paths: a token's scoped project, or every project of an AK's account. */
  project_ids: ReadonlySet<string>;
  /** The project of a project-scoped token (null: unscoped); undefined for AK/SK. */
  token_project_id?: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
    /** The exact body bytes received (signatures cover them). */
    rawBody?: Buffer;
  }
}
