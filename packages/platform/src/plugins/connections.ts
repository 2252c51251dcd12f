import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { PlatformConfig } from '../config.js';

type Limits = Pick<PlatformConfig, 'headersTimeoutSeconds' | 'idleTimeoutSeconds' | 'keepAliveTimeoutSeconds' | 'maxConnections'>;

/** The `http` options of the listener: how often node checks header deadlines (often enough for short test timeouts). */
export function httpServerOptions(config: Limits): { headersTimeout: number; connectionsCheckingInterval: number } {
  const headersMs = Math.round(config.headersTimeoutSeconds * 1000);
  return { headersTimeout: headersMs, connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersMs / 4))) };
}

/**
 * Protects the listener from clients that hold connections without using them: a cap on open connections,
 * the keep-alive timeout, and an idle timeout that closes a connection only while the platform waits on the
 * client (request head or body not yet received, or an answer the client stopped reading). A connection
 * the platform itself is busy on, or any transfer that keeps moving, is never cut.
 * Also disables node's automatic `100 Continue`: it is sent once the request passed authentication.
 */
export function limitConnections(server: Server, config: Limits): void {
  server.maxConnections = config.maxConnections;
  server.keepAliveTimeout = Math.round(config.keepAliveTimeoutSeconds * 1000);
  server.setTimeout(Math.round(config.idleTimeoutSeconds * 1000));
  const current = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse }>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    current.set(socket, { req, res });
    res.once('close', () => {
      if (current.get(socket)?.res === res) current.delete(socket);
    });
  });
  server.on('timeout', (socket: Socket) => {
    const inFlight = current.get(socket);
    const waitingOnClient = !inFlight?.req.complete || inFlight.res.writableNeedDrain;
    if (waitingOnClient) socket.destroy();
  });
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    server.emit('request', req, res);
  });
}

/** True when the client waits for `100 Continue` before sending its body. */
export function expectsContinue(req: IncomingMessage): boolean {
  return (req.headers.expect ?? '').toLowerCase() === '100-continue';
}

/** Lets a client that asked for it send its body (only once, only if no answer has started). */
export function sendContinue(res: ServerResponse, req: IncomingMessage): void {
  const state = res as ServerResponse & { continueSent?: boolean };
  if (!expectsContinue(req) || state.continueSent || res.headersSent) return;
  state.continueSent = true;
  res.writeContinue();
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

/**
 * Answers a request node could not parse (malformed, headers too large, head not sent in time) with the
 * ModelArts error body instead of fastify's own, then closes the connection.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request'];
  const body = JSON.stringify({ error_code: 'ModelArts.0101', error_msg: `The request could not be read: ${reason}` });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
