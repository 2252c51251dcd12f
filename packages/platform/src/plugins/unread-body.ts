import type { FastifyReply, FastifyRequest } from 'fastify';
import { expectsContinue } from './connections.js';

/** Bytes of a refused request's body read (and dropped) so the client can read the answer on a clean connection. */
export const DISCARD_LIMIT = 1024 * 1024;

/**
 * Called before answering a request whose body was never read (refused from its headers). The body is read
 * and dropped, never stored: a small one keeps the connection reusable; past DISCARD_LIMIT the connection is
 * closed, so a refused client cannot make the platform read gigabytes. A client still waiting for
 * `100 Continue` never sends its body: its connection closes after the answer.
 */
export function discardUnreadBody(request: FastifyRequest, reply: FastifyReply): void {
  const req = request.raw;
  if (req.complete || req.readableEnded) return;
  const continueSent = (reply.raw as { continueSent?: boolean }).continueSent === true;
  if (expectsContinue(req) && !continueSent) {
    reply.header('connection', 'close');
    return;
  }
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > DISCARD_LIMIT) reply.header('connection', 'close');
  req.unpipe();
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DISCARD_LIMIT) req.socket.destroy();
  });
  req.resume();
}
