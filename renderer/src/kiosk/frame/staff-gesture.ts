import { useEffect, useRef, type PointerEvent } from 'react';

/** How long staff hold the program name before the staff sign-in opens. */
export const staffHoldMs = 3000;

/**
 * The way staff reach the station's diagnostics from a kiosk: hold the program name in the
 * header for three seconds, or press Ctrl+Alt+S on a service keyboard. Both only lead to the
 * staff sign-in (station admin accounts); nothing about the station shows before it. Enabled
 * only while no member session runs.
 */
export function useStaffGesture(enabled: boolean, open: () => void) {
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const cancel = () => clearTimeout(timer.current);

  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.altKey && !e.shiftKey && !e.metaKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      clearTimeout(timer.current);
    };
  }, [enabled, open]);

  if (!enabled) return {};
  return {
    onPointerDown: (e: PointerEvent<HTMLElement>) => {
      cancel();
      // A finger that moves away or lifts before the time is up cancels.
      e.currentTarget.setPointerCapture?.(e.pointerId);
      timer.current = setTimeout(open, staffHoldMs);
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    onPointerLeave: cancel,
    onContextMenu: (e: { preventDefault(): void }) => e.preventDefault(),
  };
}
