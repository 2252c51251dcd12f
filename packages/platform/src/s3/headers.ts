/**
 * Request headers as received (from `rawHeaders`): names lower-cased, every value kept. Signatures need
 * the raw values (Node joins some duplicates with `, `, SigV4 wants `,`), and the object API must not
 * depend on fastify's view (its content-type check is bypassed for objects of any type).
 */
export class HeaderMap {
  private readonly values = new Map<string, string[]>();

  constructor(rawHeaders: readonly string[]) {
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = (rawHeaders[i] ?? '').toLowerCase();
      const list = this.values.get(name);
      if (list) list.push(rawHeaders[i + 1] ?? '');
      else this.values.set(name, [rawHeaders[i + 1] ?? '']);
    }
  }

  /** The value, duplicates joined with `,`; undefined when absent. */
  get(name: string): string | undefined {
    return this.values.get(name)?.join(',');
  }

  /** Every value sent under `name` (empty when absent). */
  list(name: string): readonly string[] {
    return this.values.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  names(): IterableIterator<string> {
    return this.values.keys();
  }
}
