import { useLayoutEffect, useState, type RefObject } from 'react';

/** The element's content box, kept current as the window or the text size changes. */
export function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setSize((s) => (s.width === el.clientWidth && s.height === el.clientHeight ? s : { width: el.clientWidth, height: el.clientHeight }));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/**
 * The height an element may take without the page scrolling: the window's height less what
 * lies above it and what the page holds below it (a bar, the footer). Measured from the layout
 * around it, not from its own content, so that a choice made from it does not feed back.
 */
export function useRoomBelow(ref: RefObject<HTMLElement | null>): number {
  const [room, setRoom] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const box = el.getBoundingClientRect();
      const below = document.documentElement.scrollHeight - (box.bottom + window.scrollY);
      setRoom(Math.max(0, Math.floor(window.innerHeight - (box.top + window.scrollY) - below)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [ref]);
  return room;
}

/**
 * Whether the page is too tall for the window with everything shown: then a screen leaves out
 * what it can (a tile's short line). Once tight, it stays so until the window or the text size
 * changes, so that the choice does not flip back and forth.
 */
export function useTightWindow(): boolean {
  const [tight, setTight] = useState(false);
  const [key, setKey] = useState(() => `${window.innerWidth}x${window.innerHeight}@${remPx()}`);
  useLayoutEffect(() => {
    const check = () => {
      const now = `${window.innerWidth}x${window.innerHeight}@${remPx()}`;
      if (now !== key) {
        setKey(now);
        setTight(false);
        return;
      }
      if (!tight && document.documentElement.scrollHeight > window.innerHeight + 1) setTight(true);
    };
    check();
    const observer = new ResizeObserver(check);
    observer.observe(document.body);
    window.addEventListener('resize', check);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', check);
    };
  });
  return tight;
}

/** The page's root font size in px (the kiosk's "larger text" raises it). */
export function remPx(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 20;
}
