import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckInResult } from '../../../main/contract';
import { cueOf, playCue } from './cues';

const shownMs = 2500;
const soundKey = 'bonus-station.field.sounds';

/** Whether the desk plays its sounds (a staff setting of this browser, on by default). */
export function useSounds(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => localStorage.getItem(soundKey) !== 'off');
  return [on, (next) => {
    localStorage.setItem(soundKey, next ? 'on' : 'off');
    setOn(next);
  }];
}

/**
 * Each new check-in fills the screen for a moment, in its colour and with its sign (✓ counted,
 * = already, ✕ refused), and sounds its cue, so staff can keep their eyes on the queue. A tap or
 * any key ends it early; the desk below keeps the result (and what is still to do).
 */
export function CheckInFlash({ result, sounds }: { result: CheckInResult | undefined; sounds: boolean }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<CheckInResult>();
  const seen = useRef<string | undefined>(result?.id);
  useEffect(() => {
    if (!result || result.id === seen.current) return;
    seen.current = result.id;
    setShown(result);
    if (sounds) playCue(cueOf(result));
    const timer = setTimeout(() => setShown(undefined), shownMs);
    return () => clearTimeout(timer);
  }, [result, sounds]);
  useEffect(() => {
    if (!shown) return;
    const end = () => setShown(undefined);
    window.addEventListener('keydown', end);
    return () => window.removeEventListener('keydown', end);
  }, [shown]);
  if (!shown) return null;
  const cue = cueOf(shown);
  const text = shown.outcome === 'rejected' ? t(`field.rejection.${shown.rejection ?? 'unreadable'}`) : t(`field.outcome.${shown.outcome}`);
  return (
    <div className={`checkin-flash checkin-flash--${cue}`} data-testid="checkin-flash" data-cue={cue} aria-hidden="true" onPointerDown={() => setShown(undefined)}>
      <span className="checkin-flash-sign">{cue === 'checked-in' ? '✓' : cue === 'already' ? '=' : '✕'}</span>
      <span className="checkin-flash-initials">{shown.initials}</span>
      <span className="checkin-flash-text">{text}</span>
    </div>
  );
}
