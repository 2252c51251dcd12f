import crypto, { createHash, randomBytes } from 'node:crypto';
import type { LocalCredentials } from '@modelarts-ts/contract';
import type { Statement } from 'better-sqlite3';
import type { Caller } from '../../auth/caller.js';
import type { Db } from '../../db/sqlite.js';
import type { ExistingIdentity } from './bootstrap.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { TemporaryCredentials } from './temporary.js';

export interface DomainRow {
  id: string;
  name: string;
  created_at: number;
}
export interface UserRow {
  id: string;
  domain_id: string;
  name: string;
  password_hash: string;
  created_at: number;
}
export interface ProjectRow {
  id: string;
  domain_id: string;
  name: string;
  description: string;
  created_at: number;
}
export interface TokenRow {
  token_hash: string;
  user_id: string;
  project_id: string | null;
  issued_at: number;
  expires_at: number;
}

const TOKEN_PREFIX = 'MII';
const TOKEN_SHAPE = /^MII[A-Za-z0-9_-]{64}$/;

/** `crypto.hash` (Node 20.12+) hashes in one call, without a Hash object per request. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
export const hashToken = oneShot ? (token: string) => oneShot('sha256', token, 'hex') : (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * How long a cached identity read (token, access key, caller) is trusted. Every IAM write goes through this store
 * and clears the cache at once, so a rotation or a deleted user takes effect on the next request; the TTL only bounds
 * how stale an entry could get if meta.db were changed by another process.
 */
export const IDENTITY_CACHE_TTL_MS = 5_000;
/** Entries kept at most (a full cache starts over): only identities that exist are cached, never misses. */
const IDENTITY_CACHE_MAX = 10_000;

/** IAM tables: the only code that reads or writes them. */
export class IamStore {
  /** Issues and checks IAM temporary credentials (a random key unless the data dir's is given). */
  readonly temporary: TemporaryCredentials;

  /** Prepared statements by SQL text: every authenticated request looks up its caller, so none is compiled twice. */
  private readonly statements = new Map<string, Statement>();
  /**
   * Identities read for authentication, by `kind:key` (tokens by their hash): every request authenticates, and three
   * SQLite reads per request were a third of the inference router's CPU time. Cleared by every write below.
   */
  private readonly identities = new Map<string, { value: unknown; at: number }>();

  constructor(
    private readonly db: Db,
    temporaryKey: Buffer = randomBytes(32),
  ) {
    this.temporary = new TemporaryCredentials(temporaryKey);
  }

  /** `read()` through the identity cache; `undefined` (not found) is never cached. */
  private remembered<T>(key: string, read: () => T | undefined): T | undefined {
    const now = Date.now();
    const hit = this.identities.get(key);
    if (hit && now - hit.at < IDENTITY_CACHE_TTL_MS) return hit.value as T;
    const value = read();
    if (value === undefined) {
      this.identities.delete(key);
      return undefined;
    }
    if (this.identities.size >= IDENTITY_CACHE_MAX) this.identities.clear();
    this.identities.set(key, { value, at: now });
    return value;
  }

  /** Drops every cached identity: called by each write of IAM tables, so that revocation is immediate. */
  forgetIdentities(): void {
    this.identities.clear();
  }

  private sql(text: string): Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  /**
   * Makes the identity of `credentials.json` exist in the database (one transaction; re-run at every
   * start and on every edit). Changed secrets rotate: the user's other access keys are dropped, and a
   * new password or access key also revokes the tokens issued before.
   */
  upsertIdentity(c: LocalCredentials): void {
    const now = Date.now();
    this.forgetIdentities();
    try {
      this.upsertIdentityRows(c, now);
    } finally {
      this.forgetIdentities();
    }
  }

  private upsertIdentityRows(c: LocalCredentials, now: number): void {
    this.db.transaction(() => {
      const named = this.domainByName(c.account);
      if (named && named.id !== c.domain_id) {
        throw new Error(
          `credentials.json names account "${c.account}" with domain_id ${c.domain_id}, but this data dir holds that account as ${named.id}: put domain_id ${named.id} back, or delete credentials.json to issue new credentials for the account`,
        );
      }
      this.db
        .prepare('INSERT INTO domains (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name')
        .run(c.domain_id, c.account, now);
      // The account's own user carries the account's name (the cloud's "account login"); it shares the password.
      // Its id is the domain id, which no IAM user has.
      const owner = this.sql('SELECT * FROM users WHERE id = ?').get(c.domain_id) as UserRow | undefined;
      if (c.username === c.account) {
        if (owner && owner.id !== c.user_id) this.sql('DELETE FROM users WHERE id = ?').run(owner.id);
      } else if (!owner) {
        this.db
          .prepare('INSERT INTO users (id, domain_id, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(c.domain_id, c.domain_id, c.account, hashPassword(c.password), now);
      } else if (owner.name !== c.account || !verifyPassword(c.password, owner.password_hash)) {
        this.sql('UPDATE users SET name = ?, password_hash = ? WHERE id = ?').run(c.account, hashPassword(c.password), owner.id);
      }
      const user = this.sql('SELECT * FROM users WHERE id = ?').get(c.user_id) as UserRow | undefined;
      let rotated = false;
      if (!user) {
        this.db
          .prepare('INSERT INTO users (id, domain_id, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(c.user_id, c.domain_id, c.username, hashPassword(c.password), now);
      } else if (user.name !== c.username || !verifyPassword(c.password, user.password_hash)) {
        this.sql('UPDATE users SET name = ?, password_hash = ? WHERE id = ?').run(c.username, hashPassword(c.password), c.user_id);
        rotated = true;
      }
      this.db
        .prepare('INSERT INTO projects (id, domain_id, name, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name')
        .run(c.project_id, c.domain_id, c.project_name, now);
      const current = this.accessKey(c.access_key);
      if (this.sql('DELETE FROM access_keys WHERE user_id = ? AND access_key != ?').run(c.user_id, c.access_key).changes > 0) rotated = true;
      if (current && current.secret_key !== c.secret_key) rotated = true;
      this.db
        .prepare(
          'INSERT INTO access_keys (access_key, secret_key, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(access_key) DO UPDATE SET secret_key = excluded.secret_key, user_id = excluded.user_id',
        )
        .run(c.access_key, c.secret_key, c.user_id, now);
      if (rotated) this.sql('DELETE FROM tokens WHERE user_id = ?').run(c.user_id);
    })();
  }

  /** The account a credentials file made earlier, for a regenerated file to keep its ids. */
  existingIdentity(account: string): ExistingIdentity | undefined {
    const domain = this.domainByName(account);
    if (!domain) return undefined;
    // The credentials file's user is the one holding an access key; a user made otherwise has none.
    const user = (this.db
      .prepare('SELECT u.* FROM users u WHERE u.domain_id = ? ORDER BY EXISTS (SELECT 1 FROM access_keys k WHERE k.user_id = u.id) DESC, u.created_at LIMIT 1')
      .get(domain.id) ?? undefined) as UserRow | undefined;
    const project = this.projectsOfDomain(domain.id)[0];
    if (!user || !project) return undefined;
    return { account, domain_id: domain.id, username: user.name, user_id: user.id, project_id: project.id, project_name: project.name };
  }

  domainById(id: string): DomainRow | undefined {
    return this.sql('SELECT * FROM domains WHERE id = ?').get(id) as DomainRow | undefined;
  }

  domainByName(name: string): DomainRow | undefined {
    return this.sql('SELECT * FROM domains WHERE name = ?').get(name) as DomainRow | undefined;
  }

  /** Users named `name`, in the given domain when one is named. */
  usersByName(name: string, domainId?: string): UserRow[] {
    return domainId
      ? (this.sql('SELECT * FROM users WHERE name = ? AND domain_id = ?').all(name, domainId) as UserRow[])
      : (this.sql('SELECT * FROM users WHERE name = ?').all(name) as UserRow[]);
  }

  userById(id: string): UserRow | undefined {
    return this.sql('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  accessKey(ak: string): { secret_key: string; user_id: string } | undefined {
    return this.remembered(
      `k:${ak}`,
      () => this.sql('SELECT secret_key, user_id FROM access_keys WHERE access_key = ?').get(ak) as { secret_key: string; user_id: string } | undefined,
    );
  }

  projectsOfDomain(domainId: string): ProjectRow[] {
    return this.sql('SELECT * FROM projects WHERE domain_id = ? ORDER BY name, id').all(domainId) as ProjectRow[];
  }

  project(id: string): ProjectRow | undefined {
    return this.sql('SELECT * FROM projects WHERE id = ?').get(id) as ProjectRow | undefined;
  }

  /** Who a user is as a caller (frozen: callers are shared between requests through the identity cache). */
  caller(userId: string, via: Caller['via'], tokenProjectId?: string | null): Caller | undefined {
    return this.remembered(`c:${via}:${userId}:${tokenProjectId ?? ''}`, () => this.readCaller(userId, via, tokenProjectId));
  }

  private readCaller(userId: string, via: Caller['via'], tokenProjectId?: string | null): Caller | undefined {
    const user = this.userById(userId);
    const domain = user && this.domainById(user.domain_id);
    if (!user || !domain) return undefined;
    const projects = via === 'token' ? (tokenProjectId ? [tokenProjectId] : []) : this.projectsOfDomain(domain.id).map((p) => p.id);
    return Object.freeze({
      user_id: user.id,
      user_name: user.name,
      domain_id: domain.id,
      domain_name: domain.name,
      via,
      project_ids: new Set(projects),
      ...(via === 'token' ? { token_project_id: tokenProjectId ?? null } : {}),
    });
  }

  /** Needs no cache clear: misses are never cached, and the expired rows it deletes fail their expiry check anyway. */
  issueToken(userId: string, projectId: string | null, ttlMs: number, now = Date.now()): { token: string; row: TokenRow } {
    const token = TOKEN_PREFIX + randomBytes(48).toString('base64url');
    const row: TokenRow = { token_hash: hashToken(token), user_id: userId, project_id: projectId, issued_at: now, expires_at: now + ttlMs };
    this.db.transaction(() => {
      this.sql('DELETE FROM tokens WHERE expires_at < ?').run(now - 24 * 3600_000);
      this.db
        .prepare(
          'INSERT INTO tokens (token_hash, user_id, project_id, issued_at, expires_at) VALUES (@token_hash, @user_id, @project_id, @issued_at, @expires_at)',
        )
        .run(row);
    })();
    return { token, row };
  }

  /** Revokes a token (its row goes): every later request with it is refused as an unknown token. */
  revokeToken(token: string): void {
    this.sql('DELETE FROM tokens WHERE token_hash = ?').run(hashToken(token));
    this.forgetIdentities();
  }

  /** `malformed` when the string is not one of our tokens at all; `unknown` when it is shaped right but was never issued. */
  lookupToken(token: string): TokenRow | 'malformed' | 'unknown' {
    if (!TOKEN_SHAPE.test(token)) return 'malformed';
    const hash = hashToken(token);
    // The row carries expires_at, which callers check on every use.
    return this.remembered(`t:${hash}`, () => this.sql('SELECT * FROM tokens WHERE token_hash = ?').get(hash) as TokenRow | undefined) ?? 'unknown';
  }
}
