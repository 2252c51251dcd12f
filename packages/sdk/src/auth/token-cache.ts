/** A token with its validity window, as IAM returns it. */
export interface IssuedToken {
  token: string;
  issued_at: Date;
  expires_at: Date;
}

/**
 * Caches an IAM token and refreshes it before expiry, with one in-flight refresh shared by all callers.
 * Two margins, relative to the token's lifetime (24 h in the cloud): past the advisory one a refresh starts in the
 * background and callers keep the current token; past the mandatory one callers wait for the new token.
 */
export class TokenCache {
  private current: IssuedToken | undefined;
  private pending: Promise<IssuedToken> | undefined;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    const t = this.current;
    if (t) {
      const left = t.expires_at.getTime() - this.now();
      const life = t.expires_at.getTime() - t.issued_at.getTime();
      if (left > TokenCache.mandatoryMargin(life)) {
        if (left <= TokenCache.advisoryMargin(life)) this.refresh().catch(() => {}); // best effort; a later get() retries
        return t.token;
      }
    }
    return (await this.refresh()).token;
  }

  /** Drops the cached token (e.g. after the server said it expired), so the next get() issues a new one. */
  invalidate(token?: string): void {
    if (!token || this.current?.token === token) this.current = undefined;
  }

  /** The cached token, if any, without refreshing (for callers that want its project scope etc.). */
  peek(): IssuedToken | undefined {
    return this.current;
  }

  private refresh(): Promise<IssuedToken> {
    this.pending ??= this.issue()
      .then((t) => {
        this.current = t;
        return t;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  static advisoryMargin(lifetimeMs: number): number {
    return Math.min(10 * 60_000, lifetimeMs * 0.2);
  }

  static mandatoryMargin(lifetimeMs: number): number {
    return Math.min(2 * 60_000, lifetimeMs * 0.1);
  }
}
