import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP, consoleFiles } from './console-files.js';
import { registerErrorHandling } from './plugins/errors.js';

let parent: string;
let built: string;
let empty: string;
let app: FastifyInstance;
let bare: FastifyInstance;

async function serve(root: string): Promise<FastifyInstance> {
  const a = Fastify();
  registerErrorHandling(a);
  await a.register(consoleFiles, { root });
  return a;
}

beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), 'console-files-'));
  built = join(parent, 'dist');
  empty = join(parent, 'empty');
  mkdirSync(built);
  mkdirSync(empty);
  writeFileSync(join(built, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(built, 'app.js'), 'console.log(1)');
  writeFileSync(join(built, 'app.css'), 'body{}');
  writeFileSync(join(parent, 'outside.js'), 'secret');
  app = await serve(built);
  bare = await serve(empty);
});
afterAll(async () => {
  await app?.close();
  await bare?.close();
  rmSync(parent, { recursive: true, force: true });
});

describe('the console files', () => {
  it('serves each file with its type, the CSP and revalidation', async () => {
    for (const [path, type] of [
      ['/-/console/', 'text/html; charset=utf-8'],
      ['/-/console/app.js', 'text/javascript; charset=utf-8'],
      ['/-/console/app.css', 'text/css; charset=utf-8'],
    ] as const) {
      const r = await app.inject(path);
      expect(r.statusCode, path).toBe(200);
      expect(r.headers['content-type']).toBe(type);
      expect(r.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['cache-control']).toBe('no-cache');
      const again = await app.inject({ url: path, headers: { 'if-none-match': String(r.headers.etag) } });
      expect(again.statusCode).toBe(304);
    }
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe');
  });

  it('answers index.html for client routes, 404 for missing assets and unknown console APIs', async () => {
    const page = await app.inject('/-/console/training-jobs/abc?x=1');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>console</title>');
    const asset = await app.inject('/-/console/missing.js');
    expect(asset.statusCode).toBe(404);
    expect(asset.json()).toMatchObject({ error_code: 'ModelArts.4204' });
    const api = await app.inject('/-/console/api/nothing');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error_code: 'ModelArts.4204' });
  });

  it('never serves a file outside its folder', async () => {
    for (const path of ['/-/console/../outside.js', '/-/console/%2e%2e/outside.js', '/-/console/..%2foutside.js', '/-/console/.%2e/outside.js']) {
      const r = await app.inject(path);
      expect(r.body, path).not.toBe('secret');
    }
  });

  it('redirects /-/console to /-/console/', async () => {
    const r = await app.inject('/-/console');
    expect(r.statusCode).toBe(301);
    expect(r.headers.location).toBe('/-/console/');
  });

  it('says how to build the console when it is not built', async () => {
    const r = await bare.inject('/-/console/');
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain('npm run build');
  });
});
