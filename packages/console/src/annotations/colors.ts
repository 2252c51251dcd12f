/**
 * A stable colour per label name: the dataset's own `@modelarts:color` when its label declares one, otherwise a hue
 * derived from the name, so the same label has the same colour on every page and after every reload.
 */

/** FNV-1a over the UTF-16 code units: small, fast and well spread for short names. */
function hash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** The colour of `name`: `declared[name]` when it is a `#rrggbb` colour, else an HSL colour from the name's hash. */
export function labelColor(name: string, declared: Readonly<Record<string, string>> = {}): string {
  const own = declared[name];
  if (own !== undefined && HEX_COLOR.test(own)) return own.toLowerCase();
  const h = hash(name);
  // 47 hues spaced by the golden angle would still collide; hash bits pick hue, and a little lightness variation.
  const hue = h % 360;
  const light = 40 + ((h >>> 9) % 3) * 8;
  return `hsl(${hue} 70% ${light}%)`;
}

/** `@modelarts:color` of each dataset label that declares one. */
export function declaredColors(labels: ReadonlyArray<{ name: string; property?: Record<string, unknown> }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) {
    const c = l.property?.['@modelarts:color'];
    if (typeof c === 'string') out[l.name] = c;
  }
  return out;
}
