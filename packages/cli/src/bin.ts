#!/usr/bin/env node
import { main } from './main.js';

// The AWS SDK warns on Node 20 about its *future* releases; the versions we pin support Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ctrl = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => ctrl.abort());
process.exitCode = await main(process.argv.slice(2), { signal: ctrl.signal });
