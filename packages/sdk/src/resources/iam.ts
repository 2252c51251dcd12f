import {
  getOperation,
  HEADER_SUBJECT_TOKEN,
  type Project,
  type ProjectList,
  type ProjectListQuery,
  type SecurityTokenCreateBody,
  type SecurityTokenResponse,
  type TokenCreateBody,
  type TokenResponse,
} from '@modelarts-ts/contract';
import { ModelArtsError } from '../core/error.js';
import { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../internal/transport.js';
import { APIResource } from './resource.js';

/** IAM (Keystone v3): tokens and project/domain discovery. */
export class IAM extends APIResource {
  /** `POST /v3/auth/tokens`: the token is returned beside the body (it travels in X-Subject-Token). */
  async createToken(body: TokenCreateBody, options?: RequestOptions): Promise<{ token: string; body: TokenResponse }> {
    const res = await this.client.requestWithResponse(getOperation('iam.createToken'), { body, query: { nocatalog: 'true' } }, options);
    const token = res.response.headers.get(HEADER_SUBJECT_TOKEN);
    if (!token) throw new ModelArtsError('IAM answered without an X-Subject-Token header');
    return { token, body: res.data };
  }

  /** `GET /v3/projects`: awaitable for one page, async-iterable for every project. */
  listProjects(query: ProjectListQuery = {}, options?: RequestOptions): PagePromise<ProjectList, Project, ProjectListQuery> {
    return new PagePromise(
      (q) => this.client.request(getOperation('iam.listProjects'), { query: q }, options),
      query,
      (p) => p.projects,
      (p, q) => (p.links.next ? { ...q, page: (q.page ?? 1) + 1 } : undefined),
    );
  }

  /** `POST /v3.0/OS-CREDENTIAL/securitytokens`: temporary AK/SK and security token for the session's IAM token. */
  createSecurityToken(body: SecurityTokenCreateBody, options?: RequestOptions): Promise<SecurityTokenResponse> {
    return this.client.request(getOperation('iam.createSecurityToken'), { body }, options);
  }

  /** `GET /v3/auth/projects`. */
  listAuthProjects(options?: RequestOptions): Promise<ProjectList> {
    return this.client.request(getOperation('iam.listAuthProjects'), {}, options);
  }

  /** `GET /v3/auth/domains`. */
  listAuthDomains(options?: RequestOptions) {
    return this.client.request(getOperation('iam.listAuthDomains'), {}, options);
  }
}
