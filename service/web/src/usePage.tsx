import { useCallback, useEffect, useState } from 'react';
import { CallError } from './api';
import { useI18n } from './i18n';

export type PageMessage = { kind: 'ok' | 'error'; text: string } | null;

/**
 * What the payout and station pages share: load their data, run an action and say how it went
 * (or go to the sign-in when the session has ended), then load again.
 */
export function usePage<T>(fetch: () => Promise<T>, onSignedOut: () => void) {
  const { t } = useI18n();
  const [data, setData] = useState<T | null>(null);
  const [message, setMessage] = useState<PageMessage>(null);
  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof CallError && e.status === 401) onSignedOut();
      else setMessage({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    },
    [onSignedOut],
  );
  const load = useCallback(async () => {
    try {
      setData(await fetch());
    } catch (e) {
      fail(e);
    }
  }, [fetch, fail]);
  useEffect(() => void load(), [load]);
  const act = async (run: () => Promise<unknown>, done?: (result: unknown) => string) => {
    try {
      const result = await run();
      setMessage({ kind: 'ok', text: done ? done(result) : t('done') });
    } catch (e) {
      fail(e);
    }
    await load();
  };
  return { data, message, load, act };
}

export function MessageLine({ message }: { message: PageMessage }) {
  if (!message) return null;
  return (
    <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'ok'}>
      {message.text}
    </p>
  );
}
