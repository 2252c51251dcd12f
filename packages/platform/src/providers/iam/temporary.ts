import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** What a valid security token stands for. */
export interface TemporaryIdentity {
  user_id: string;
  project_id: string | null;
  /** The secret key that goes with the temporary access key. */
  secret: string;
  expires_at: number;
}

const ACCESS_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Temporary access keys start with this, so a request's key tells which table to look in. */
const ACCESS_PREFIX = 'STS';

interface Claims {
  a: string;
  u: string;
  p: string | null;
  e: number;
}

/**
 * IAM temporary credentials without a table: the security token carries the access key, user, project and expiry,
 * MACed with a key of the data dir; the secret key is derived from the same key. So nothing is stored, a restart
 * keeps issued credentials valid, and an edited token fails its MAC.
 */
export class TemporaryCredentials {
  constructor(private readonly key: Buffer) {}

  static isTemporaryAccessKey(ak: string): boolean {
    return ak.startsWith(ACCESS_PREFIX);
  }

  issue(
    userId: string,
    projectId: string | null,
    ttlMs: number,
    now = Date.now(),
  ): { access: string; secret: string; securitytoken: string; expires_at: number } {
    let access = ACCESS_PREFIX;
    while (access.length < 20) access += ACCESS_ALPHABET[randomInt(ACCESS_ALPHABET.length)];
    const claims: Claims = { a: access, u: userId, p: projectId, e: now + ttlMs };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { access, secret: this.secret(access, claims.e), securitytoken: `${payload}.${this.mac(payload)}`, expires_at: claims.e };
  }

  /** The identity of `token` used with `access`: `invalid` when it is not ours or not for this key, `expired` after its time. */
  verify(access: string, token: string, now = Date.now()): TemporaryIdentity | 'invalid' | 'expired' {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return 'invalid';
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.mac(payload));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    } catch {
      return 'invalid';
    }
    if (claims.a !== access) return 'invalid';
    if (claims.e <= now) return 'expired';
    return { user_id: claims.u, project_id: claims.p, secret: this.secret(access, claims.e), expires_at: claims.e };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(`sts-token\n${payload}`).digest('base64url');
  }

  private secret(access: string, expires: number): string {
    return createHmac('sha256', this.key).update(`sts-secret\n${access}\n${expires}`).digest('base64url').slice(0, 40);
  }
}
