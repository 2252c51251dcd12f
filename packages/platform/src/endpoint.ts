/** The platform's own origin (`http://host:port`), as clients reach it: never taken from a request's Host header. */
export function endpointOf(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
