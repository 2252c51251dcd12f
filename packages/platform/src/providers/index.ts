import { authorizationsProvider } from './authorizations/provider.js';
import { consoleProvider } from './console/provider.js';
import { datasetsProvider } from './datasets/provider.js';
import { iamProvider } from './iam/provider.js';
import { liteServerProvider } from './lite-servers/provider.js';
import { localProvider } from './local/provider.js';
import { modelsProvider } from './models/provider.js';
import type { ProviderFactory } from './provider.js';
import { servicesProvider } from './services/provider.js';
import { trainingProvider } from './training/provider.js';

/** Every provider of the platform, one per resource. */
export const providerFactories: readonly ProviderFactory[] = [
  iamProvider,
  authorizationsProvider,
  localProvider,
  trainingProvider,
  modelsProvider,
  servicesProvider,
  datasetsProvider,
  liteServerProvider,
  consoleProvider,
];
