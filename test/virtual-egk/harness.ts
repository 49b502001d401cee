import { CardSupervisor, type SupervisorEvent } from '../../native/card/card-supervisor';
import { smartcardBackend } from '../../native/card/smartcard-backend';
import { CardSessionService, type CardReadMetrics } from '../../main/card/card-session-service';
import type { CardReaderStatus, CardRemoved, CardSession, EventName } from '../../main/contract';
import { createLogger } from '../../main/runtime/logger';
import { ourInsurer } from './cards';

/**
 * The card session service on the real PC/SC stack, with everything it publishes recorded and
 * a way to wait for a condition on it (tests wait for events, they do not sleep).
 */
export function realCardHarness(options: { today?: () => Date; insurerIks?: string[] } = {}) {
  const published: { name: EventName; payload: unknown }[] = [];
  const supervisorEvents: SupervisorEvent[] = [];
  const reads: CardReadMetrics[] = [];
  const wakers = new Set<() => void>();
  const notify = () => {
    for (const wake of [...wakers]) wake();
  };
  const supervisor = new CardSupervisor({ backend: smartcardBackend(), retryMs: 200 });
  supervisor.on((event) => {
    supervisorEvents.push(event);
    notify();
  });
  const service = new CardSessionService({
    supervisor,
    publish: (name, payload) => {
      published.push({ name, payload });
      notify();
    },
    policy: { insurerIks: options.insurerIks ?? [ourInsurer.ik] },
    log: createLogger('card-it', () => {}),
    now: options.today,
    onRead: (metrics) => {
      reads.push(metrics);
      notify();
    },
  });

  /** Resolves once `test` holds; rejects with `what` after `timeoutMs`. */
  const until = (what: string, test: () => boolean, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      if (test()) return resolve();
      const timer = setTimeout(() => {
        wakers.delete(check);
        clearInterval(poll);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`));
      }, timeoutMs);
      const poll = setInterval(() => check(), 100);
      const check = () => {
        if (!test()) return;
        clearTimeout(timer);
        clearInterval(poll);
        wakers.delete(check);
        resolve();
      };
      wakers.add(check);
    });

  const status = () => [...published].reverse().find((p) => p.name === 'cardStatus')?.payload as CardReaderStatus | undefined;
  const session = (reader: string) => service.sessions().find((s) => s.reader === reader);
  const removals = () => published.filter((p) => p.name === 'cardRemoved').map((p) => p.payload as CardRemoved);
  const count = (type: SupervisorEvent['type'], reader?: string) => supervisorEvents.filter((e) => e.type === type && (!reader || ('reader' in e && e.reader === reader))).length;

  return {
    service,
    supervisor,
    published,
    supervisorEvents,
    reads,
    until,
    status,
    session,
    removals,
    count,
    /** Waits for the session in `reader` to leave `reading`. */
    settled: async (reader: string): Promise<CardSession> => {
      await until(`a settled session in ${reader}`, () => {
        const s = session(reader);
        return s !== undefined && s.state !== 'reading';
      });
      return session(reader) as CardSession;
    },
  };
}
