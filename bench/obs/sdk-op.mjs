// One `session.obs` transfer in its own process, so that its CPU time is its own: the obs bench runs it as
// `node bench/obs/sdk-op.mjs '<json>'` with { endpoint, creds, op, src, dst } and reads one JSON line back:
// the wall seconds of the call and the process's user and system CPU seconds over it (from /proc/self/stat).
import { procCpu, sessionFor } from '../lib.mjs';

const { endpoint, creds, op, src, dst } = JSON.parse(process.argv[2]);
const session = sessionFor(creds, endpoint);
const ops = {
  uploadFile: () => session.obs.uploadFile(src, dst),
  downloadFile: () => session.obs.downloadFile(src, dst),
  uploadDir: () => session.obs.uploadDir(src, dst),
  downloadDir: () => session.obs.downloadDir(src, dst),
};
const before = procCpu();
const t = process.hrtime.bigint();
await ops[op]();
const seconds = Number(process.hrtime.bigint() - t) / 1e9;
const after = procCpu();
await session.close();
process.stdout.write(`${JSON.stringify({ seconds, user: after.user - before.user, system: after.system - before.system })}\n`);
