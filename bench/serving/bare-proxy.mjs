// A minimal keep-alive Node proxy (no auth, no routing) in its own process, in front of the URL given as argv[2]:
// what any extra hop costs on this machine, so that the router's overhead can be told apart from the hop's. Prints
// its port on stdout once listening; its CPU time is read from /proc like the platform's.
import { Agent, createServer, request } from 'node:http';

const target = process.argv[2];
const upstream = new Agent({ keepAlive: true });
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const out = request(
      `${target}/`,
      { method: 'POST', agent: upstream, headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (r) => {
        const parts = [];
        r.on('data', (c) => parts.push(c));
        r.on('end', () => {
          res.writeHead(r.statusCode ?? 502, { 'content-type': 'application/json' });
          res.end(Buffer.concat(parts));
        });
      },
    );
    out.on('error', () => res.writeHead(502).end());
    out.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => process.exit(0));
