/** Builds a SQL WHERE clause from optional filters (models and services lists). */
export class Where {
  readonly parts: string[] = [];
  readonly args: Record<string, unknown> = {};

  constructor(first: string, args: Record<string, unknown>) {
    this.parts.push(first);
    Object.assign(this.args, args);
  }

  /** Adds `sql` with `@key` bound to `value`, unless the value is undefined. */
  add(value: unknown, key: string, sql: string): this {
    if (value === undefined) return this;
    this.parts.push(sql);
    this.args[key] = value;
    return this;
  }

  get clause(): string {
    return this.parts.join(' AND ');
  }
}

/** `%text%` for LIKE … ESCAPE '\', with the wildcards of `text` escaped. */
export const likeAny = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
