import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { errorTextOf } from './use-error-text';

/**
 * A message about a failure, worded when it is shown: a language switch after the failure
 * rewords it (a sentence stored as text would stay in the old language).
 */
export type Message = (t: TFunction) => string;

export interface RunOptions {
  /** What runs, said while it runs ("Karte wird gelesen …"). */
  label?: string;
  /** A sentence of the component's own for some failures; undefined: the general one. */
  describe?: (error: unknown, t: TFunction) => string | undefined;
}

export interface StationCall {
  busy: boolean;
  /** The label of the call that runs; null when none runs or it has none. */
  busyLabel: string | null;
  /** The last failure in words for the person at the screen; cleared by the next call. */
  error: string | undefined;
  setError: (message: Message | undefined) => void;
  /**
   * Calls the station once at a time: a second tap while one call runs does nothing (a
   * double-tap on a touch screen must not submit twice). `then` gets the answer; a failure
   * becomes `error`. Resolves true when the call succeeded.
   */
  run: <T>(call: () => Promise<T>, then?: (value: T) => void, options?: RunOptions) => Promise<boolean>;
}

/** "Call the station, show busy and the error": the one place the screens do that. */
export function useStationCall(): StationCall {
  const { t } = useTranslation();
  const [busyLabel, setBusyLabel] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: Message }>();
  const running = useRef(false);
  const setError = useCallback((message: Message | undefined) => setFailure(message ? { message } : undefined), []);

  const run = useCallback(async <T,>(call: () => Promise<T>, then?: (value: T) => void, options: RunOptions = {}): Promise<boolean> => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setBusyLabel(options.label ?? null);
    setFailure(undefined);
    try {
      const value = await call();
      then?.(value);
      return true;
    } catch (e) {
      setFailure({ message: (tr) => options.describe?.(e, tr) ?? errorTextOf(tr, e) });
      return false;
    } finally {
      running.current = false;
      setBusy(false);
      setBusyLabel(null);
    }
  }, []);

  return { busy, busyLabel, error: failure?.message(t), setError, run };
}
