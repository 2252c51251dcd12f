import { PlatformError } from '../../errors.js';
import type { PlatformContext, Provider } from '../provider.js';

const pending = (): never => {
  throw new PlatformError('ModelArts.4204', 'Services are not served by this build yet');
};

/** Services (v1): real-time and batch deployments, and the inference router. */
export function servicesProvider(_ctx: PlatformContext): Provider {
  return {
    name: 'services',
    handlers: {
      'services.deploy': pending,
      'services.list': pending,
      'services.specifications': pending,
      'services.get': pending,
      'services.update': pending,
      'services.delete': pending,
      'services.monitor': pending,
      'services.logs': pending,
      'services.events': pending,
      'services.infer': pending,
    },
  };
}
