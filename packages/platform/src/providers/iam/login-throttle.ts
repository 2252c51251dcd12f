/** Remembered login names at most (oldest forgotten first), so invented names cannot grow memory. */
const MAX_TRACKED = 10_000;

interface Failures {
  count: number;
  last: number;
}

/**
 * Counts failed password logins per login name (as given: known and unknown names behave alike, so the
 * lock reveals nothing about which users exist). After `maxFailures` failures within `lockoutMs`, the name's
 * logins are refused until `lockoutMs` after the last failure. Only password logins are counted: AK/SK
 * requests (the credentials file's own key included) are never locked. Kept in memory: a restart clears it.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockoutMs: number,
  ) {}

  /** Milliseconds until `name` may try again (0: now). */
  lockedFor(name: string, now = Date.now()): number {
    const f = this.failures.get(name);
    if (!f) return 0;
    if (now - f.last >= this.lockoutMs) {
      this.failures.delete(name);
      return 0;
    }
    return f.count >= this.maxFailures ? f.last + this.lockoutMs - now : 0;
  }

  fail(name: string, now = Date.now()): void {
    const f = this.failures.get(name);
    const count = f && now - f.last < this.lockoutMs ? f.count + 1 : 1;
    this.failures.delete(name);
    this.failures.set(name, { count, last: now });
    if (this.failures.size > MAX_TRACKED) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  succeed(name: string): void {
    this.failures.delete(name);
  }
}
