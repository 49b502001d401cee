import type { StationClient } from '../../../main/contract';
import { buildClient } from './client';
import type { PreloadApi } from './preload-api';

export function electronClient(api: PreloadApi): StationClient {
  return buildClient(
    (method, input) => {
      const fn = api.methods[method as keyof PreloadApi['methods']];
      return fn ? fn(input) : Promise.resolve({ ok: false, error: { code: 'unknown_method', message: 'Unknown method' } });
    },
    (name, listener) => api.events[name](listener),
  );
}
