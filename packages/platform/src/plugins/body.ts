import type { FastifyInstance } from 'fastify';
import { PlatformError } from '../errors.js';

/** AK/SK-signed bodies are limited to 12 MB by the cloud's gateway; we apply it to every API body. */
export const API_BODY_LIMIT = 12 * 1024 * 1024;
/** Deepest JSON nesting accepted: far above any contract schema, far below what recursive code can walk. */
export const MAX_JSON_DEPTH = 64;

/** True when arrays/objects nest deeper than `max` (brackets inside strings do not count). */
export function jsonTooDeep(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Body parsing for the ModelArts/IAM API: keep the exact bytes (signatures cover them), then parse JSON.
 * Registered inside the API scope only; the object API streams its bodies instead.
 */
export function registerApiBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(/^application\/(.+\+)?json/, { parseAs: 'buffer', bodyLimit: API_BODY_LIMIT }, (req, body: Buffer, done) => {
    req.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    if (jsonTooDeep(body, MAX_JSON_DEPTH)) {
      return done(new PlatformError('ModelArts.0101', `The request body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    }
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch (e) {
      done(new PlatformError('ModelArts.0101', `The request body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: API_BODY_LIMIT }, (req, body: Buffer, done) => {
    req.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    // Bytes are an object to the schema validator: an operation taking a JSON object must get JSON.
    const declared = (req.routeOptions.schema?.body as { type?: string } | undefined)?.type;
    if (declared === 'object') {
      return done(new PlatformError('ModelArts.0101', 'The request body must be JSON: send it with Content-Type: application/json'), undefined);
    }
    done(null, body);
  });
}

/** For operations that pass bodies on (inference): every content type kept as bytes, never parsed. */
export function registerRawBodyParser(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (req, body: Buffer, done) => {
    req.rawBody = body;
    done(null, body);
  });
}
