import type { CheckInResult } from '../../../main/contract';

/** What the desk heard: a check-in counted, one already there (or the limit), or refused. */
export type Cue = 'checked-in' | 'already' | 'refused';

export function cueOf(result: CheckInResult): Cue {
  if (result.outcome === 'recorded') return 'checked-in';
  if (result.outcome === 'duplicate' || result.outcome === 'limit-reached') return 'already';
  return 'refused';
}

/**
 * Three sounds staff tell apart without looking: rising for "checked in", two equal tones for
 * "already checked in", low and falling for "refused" (also in a different timbre). Each is a
 * list of [frequency Hz, start s, length s].
 */
export const cueTones: Record<Cue, { wave: OscillatorType; tones: [number, number, number][] }> = {
  'checked-in': { wave: 'sine', tones: [[660, 0, 0.12], [880, 0.14, 0.18]] },
  already: { wave: 'triangle', tones: [[520, 0, 0.12], [520, 0.18, 0.12]] },
  refused: { wave: 'square', tones: [[330, 0, 0.18], [220, 0.2, 0.3]] },
};

let context: AudioContext | null = null;

/** Plays a cue through the station's speaker (Web Audio, no sound files). */
export function playCue(cue: Cue): void {
  const Ctx = window.AudioContext;
  if (!Ctx) return;
  context ??= new Ctx();
  const ctx = context;
  void ctx.resume?.();
  const { wave, tones } = cueTones[cue];
  for (const [frequency, start, length] of tones) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = wave;
    osc.frequency.setValueAtTime(frequency, ctx.currentTime + start);
    gain.gain.setValueAtTime(0.0001, ctx.currentTime + start);
    gain.gain.exponentialRampToValueAtTime(wave === 'square' ? 0.08 : 0.25, ctx.currentTime + start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + start + length);
    osc.connect(gain).connect(ctx.destination);
    osc.start(ctx.currentTime + start);
    osc.stop(ctx.currentTime + start + length + 0.02);
  }
}
