import { PlatformError } from '../../errors.js';
import type { PlatformContext, Provider } from '../provider.js';

const pending = (): never => {
  throw new PlatformError('ModelArts.4204', 'Models are not served by this build yet');
};

/** Models (v1): import from OBS, list, detail, delete, engine runtimes. */
export function modelsProvider(_ctx: PlatformContext): Provider {
  return {
    name: 'models',
    handlers: { 'models.create': pending, 'models.list': pending, 'models.runtimes': pending, 'models.get': pending, 'models.delete': pending },
  };
}
