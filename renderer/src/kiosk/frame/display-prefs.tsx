import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export interface DisplayPrefs {
  largeText: boolean;
  highContrast: boolean;
  toggleLargeText(): void;
  toggleHighContrast(): void;
}

const DisplayPrefsContext = createContext<DisplayPrefs | null>(null);

/**
 * "Larger text" and "high contrast" for the person at the kiosk: set on any member screen,
 * kept through the session, and back to normal once the card is out (`resetKey` changes).
 * Applied as classes on <html>, so the whole page (overlays too) follows.
 */
export function DisplayPrefsProvider({ resetKey, children }: { resetKey: number; children: ReactNode }) {
  const [largeText, setLargeText] = useState(false);
  const [highContrast, setHighContrast] = useState(false);
  useEffect(() => {
    setLargeText(false);
    setHighContrast(false);
  }, [resetKey]);
  useEffect(() => {
    const root = document.documentElement.classList;
    root.toggle('text-large', largeText);
    root.toggle('contrast-high', highContrast);
    return () => {
      root.remove('text-large', 'contrast-high');
    };
  }, [largeText, highContrast]);
  const toggleLargeText = useCallback(() => setLargeText((v) => !v), []);
  const toggleHighContrast = useCallback(() => setHighContrast((v) => !v), []);
  const value = useMemo(() => ({ largeText, highContrast, toggleLargeText, toggleHighContrast }), [largeText, highContrast, toggleLargeText, toggleHighContrast]);
  return <DisplayPrefsContext.Provider value={value}>{children}</DisplayPrefsContext.Provider>;
}

export function useDisplayPrefs(): DisplayPrefs {
  const value = useContext(DisplayPrefsContext);
  if (!value) throw new Error('useDisplayPrefs outside DisplayPrefsProvider');
  return value;
}
