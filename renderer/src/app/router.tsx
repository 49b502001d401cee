import { useEffect, useState } from 'react';
import type { StationMode } from '../../../main/contract';

/** The screens a station has. A mode route other than the station's own is never shown. */
export type Route = { screen: StationMode } | { screen: 'diagnostics' } | { screen: 'sync' };

export function parseRoute(hash: string, mode: StationMode): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path === 'diagnostics') return { screen: 'diagnostics' };
  // The sync view is for staff at clerk and field stations; a kiosk has none.
  if (path === 'sync' && mode !== 'kiosk') return { screen: 'sync' };
  // The mode is the station's configuration, never the visitor's choice.
  return { screen: mode };
}

export function routeHref(route: Route): string {
  return `#/${route.screen}`;
}

export function useRoute(mode: StationMode): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash, mode));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash, mode));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [mode]);
  return route;
}
