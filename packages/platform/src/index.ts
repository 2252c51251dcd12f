export { type BuildOptions, buildApp, VERSION } from './app.js';
export { verifySdkHmac } from './auth/sdk-hmac-verifier.js';
export { ConfigValidationError, PLATFORM_ENV, PlatformConfig, resolvePlatformConfig } from './config.js';
export { PlatformError } from './errors.js';
export { type RunningPlatform, type StartOptions, startPlatform } from './server.js';

import type { EmbeddedPlatformModule } from '@modelarts-ts/contract';
import { startPlatform } from './server.js';

// The SDK's Session.local() loads this module dynamically and relies on this shape.
startPlatform satisfies EmbeddedPlatformModule['startPlatform'];

export { DataDirError } from './data-dir-error.js';
export { type DataDirRecovery, recoverDataDir } from './recover.js';
