import { XMLParser } from 'fast-xml-parser';
import { S3Error } from './errors.js';

export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
export const OBS_NS = 'http://obs.myhwclouds.com/doc/2015-06-30/';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/** Escapes text for element content; keys may hold any character, so `\r` is kept as a character reference too. */
export function esc(s: string): string {
  return s.replace(/[&<>"'\r]/g, (c) => ESCAPES[c] ?? c);
}

export type XmlChild = string | number | boolean | undefined | null;

/** `<name>escaped value</name>`, or nothing when the value is absent. */
export function el(name: string, value: XmlChild): string {
  if (value === undefined || value === null) return '';
  return `<${name}>${esc(String(value))}</${name}>`;
}

/** `<name>` around already-built XML. */
export function wrap(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}

export function document(root: string, inner: string, ns: string | undefined = S3_NS): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${ns ? ` xmlns="${ns}"` : ''}>${inner}</${root}>`;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'Part' || name === 'Object',
});

export type XmlTree = { [name: string]: XmlTree | XmlTree[] | string | undefined };

/** Parses a request body; anything unparsable is MalformedXML. Clients send with or without xmlns. */
export function parseXml(body: Buffer): XmlTree {
  // No request document needs a DTD; refusing them rules out entity-expansion bombs.
  if (body.includes('<!DOCTYPE') || body.includes('<!ENTITY')) throw new S3Error('MalformedXML', 'Document type declarations are not accepted');
  try {
    const tree = parser.parse(body.toString('utf8'), true) as unknown;
    if (tree && typeof tree === 'object') return tree as XmlTree;
  } catch {
    // fall through
  }
  throw new S3Error('MalformedXML');
}

/** The text of a leaf; element-only whitespace is not text. */
export function textOf(v: XmlTree | XmlTree[] | string | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (v && !Array.isArray(v) && typeof v['#text'] === 'string') return v['#text'];
  return undefined;
}

export function childOf(v: XmlTree | XmlTree[] | string | undefined, name: string): XmlTree | XmlTree[] | string | undefined {
  if (!v || typeof v === 'string' || Array.isArray(v)) return undefined;
  return v[name];
}

export function listOf(v: XmlTree | XmlTree[] | string | undefined): XmlTree[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return [v];
  return [];
}
