import { authorizationsProvider } from './authorizations/provider.js';
import { datasetsProvider } from './datasets/provider.js';
import { iamProvider } from './iam/provider.js';
import { localProvider } from './local/provider.js';
import type { ProviderFactory } from './provider.js';
import { trainingProvider } from './training/provider.js';

/** Every provider of the platform, one per resource. */
export const providerFactories: readonly ProviderFactory[] = [iamProvider, authorizationsProvider, localProvider, trainingProvider, datasetsProvider];
