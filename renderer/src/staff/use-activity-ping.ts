import { useEffect } from 'react';
import { useStation } from '../app/station-context';

const pingEveryMs = 20_000;

/** Tells main that someone is working, at most every 20 s, so an attended session does not expire. */
export function useActivityPing(active: boolean): void {
  const { client } = useStation();
  useEffect(() => {
    if (!active) return;
    let last = 0;
    const onActivity = () => {
      const now = Date.now();
      if (now - last < pingEveryMs) return;
      last = now;
      client.call.touchStaffSession({}).catch(() => {});
    };
    const kinds = ['pointerdown', 'keydown', 'wheel'] as const;
    kinds.forEach((kind) => window.addEventListener(kind, onActivity, { passive: true }));
    return () => kinds.forEach((kind) => window.removeEventListener(kind, onActivity));
  }, [active, client]);
}
