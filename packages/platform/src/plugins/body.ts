import type { FastifyInstance } from 'fastify';
import { PlatformError } from '../errors.js';

/** AK/SK-signed bodies are limited to 12 MB by the cloud's gateway; we apply it to every API body. */
export const API_BODY_LIMIT = 12 * 1024 * 1024;

/**
 * Body parsing for the ModelArts/IAM API: keep the exact bytes (signatures cover them), then parse JSON.
 * Registered inside the API scope only; the object API streams its bodies instead.
 */
export function registerApiBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(/^application\/(.+\+)?json/, { parseAs: 'buffer', bodyLimit: API_BODY_LIMIT }, (req, body: Buffer, done) => {
    req.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch (e) {
      done(new PlatformError('ModelArts.0101', `The request body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: API_BODY_LIMIT }, (req, body: Buffer, done) => {
    req.rawBody = body;
    done(null, body.length === 0 ? undefined : body);
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
