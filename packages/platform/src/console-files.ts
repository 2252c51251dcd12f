import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { consoleRoot } from '@modelarts-ts/console';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PlatformError } from './errors.js';

/** The console's pages may load only what this origin serves: no inline script or style, no other site, no framing. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A file name of the built console: plain segments only (no `..`, no absolute path). */
const FILE = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ModelArts Local console</title></head>
<body><h1>The console is not built</h1><p>Run <code>npm run build</code> in the ModelArts TS repository, then reload this page.</p></body></html>`;

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('Content-Security-Policy', CONSOLE_CSP)
    .header('X-Content-Type-Options', 'nosniff')
    .header('X-Frame-Options', 'DENY')
    .header('Referrer-Policy', 'same-origin');
}

async function sendFile(request: FastifyRequest, reply: FastifyReply, root: string, name: string): Promise<FastifyReply | undefined> {
  const file = join(root, name);
  const st = await stat(file).catch(() => undefined);
  if (!st?.isFile()) return undefined;
  const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
  securityHeaders(reply)
    .header('Content-Type', TYPES[extname(name)] ?? 'application/octet-stream')
    // File names carry no content hash: the browser asks again every time and gets 304 while nothing changed.
    .header('Cache-Control', 'no-cache')
    .header('ETag', etag);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.code(200).send(await readFile(file));
}

export interface ConsoleFilesOptions {
  /** The built console (default: the dist folder of `@modelarts-ts/console`). */
  root?: string;
}

/**
 * Serves the built console at `/-/console/`: its files, and index.html for every other path so that client routes
 * survive a reload. The console's data comes only from the API operations.
 */
export async function consoleFiles(app: FastifyInstance, options: ConsoleFilesOptions = {}): Promise<void> {
  const root = options.root ?? consoleRoot;
  // `protocol: 'files'`: static files, not operations of the contract.
  const config = { protocol: 'files' };
  app.get('/-/console', { config }, async (request, reply) => {
    const q = (request.raw.url ?? '').indexOf('?');
    return reply.redirect(`/-/console/${q >= 0 ? (request.raw.url ?? '').slice(q) : ''}`, 301);
  });
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const rest = ((request.params as { '*'?: string })['*'] ?? '').split('?')[0] ?? '';
    if (rest === 'api' || rest.startsWith('api/')) throw new PlatformError('ModelArts.4204', `The API ${request.method} /-/console/${rest} does not exist`);
    if (rest && FILE.test(rest) && rest !== 'index.html') {
      const sent = await sendFile(request, reply, root, rest);
      if (sent) return sent;
      // A missing asset is a 404; only page routes (no extension) fall back to the app.
      if (extname(rest)) throw new PlatformError('ModelArts.4204', `/-/console/${rest} does not exist`);
    }
    const page = await sendFile(request, reply, root, 'index.html');
    if (page) return page;
    return securityHeaders(reply).code(503).header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-store').send(NOT_BUILT);
  };
  app.get('/-/console/', { config }, serve);
  app.get('/-/console/*', { config }, serve);
}
