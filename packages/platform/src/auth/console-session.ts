import { createHmac, timingSafeEqual } from 'node:crypto';

/** The console's session cookie: it holds an ordinary IAM token (HttpOnly, so page scripts never see it). */
export const CONSOLE_COOKIE = 'modelarts_console';
export const CSRF_HEADER = 'x-csrf-token';

const COOKIE_VALUE = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Session cookies and their CSRF tokens. The CSRF token is an HMAC of the session's IAM token under a key of the
 * platform, so nothing is stored per session: a request carrying the cookie proves it comes from the console's own
 * page by echoing the token in `X-Csrf-Token` (another site can neither read it nor set that header).
 */
export class ConsoleSessions {
  constructor(private readonly key: Buffer) {}

  csrfToken(token: string): string {
    return createHmac('sha256', this.key).update(`console-csrf\n${token}`).digest('base64url');
  }

  csrfValid(token: string, given: string | string[] | undefined): boolean {
    if (typeof given !== 'string') return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.csrfToken(token));
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The session token of a `Cookie` header, if it carries one. */
  tokenOf(cookieHeader: string | undefined): string | undefined {
    if (!cookieHeader) return undefined;
    for (const part of cookieHeader.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== CONSOLE_COOKIE) continue;
      const value = part.slice(eq + 1).trim();
      if (COOKIE_VALUE.test(value)) return value;
    }
    return undefined;
  }

  /** `Set-Cookie` of a new session (`secure`: the request came over TLS). */
  setCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
    return `${CONSOLE_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
  }

  clearCookie(secure: boolean): string {
    return `${CONSOLE_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
  }
}

/** Methods that change nothing: they need no CSRF token. */
export const isSafeMethod = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
