import { useState, type FormEvent } from 'react';
import { SessionInfo } from '../../../backoffice/api';
import { call, CallError } from '../api';
import { useI18n } from '../i18n';

export function SignInPage({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const { t } = useI18n();
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await call('POST', '/sign-in', SessionInfo, { account: account.trim(), password, totp: totp.trim() }));
    } catch (e) {
      setError(e instanceof CallError ? e.message : String(e));
      setPassword('');
      setTotp('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signInTitle')}</h1>
      <p>{t('signInLead')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('account')}
          <input name="account" autoComplete="username" value={account} onChange={(e) => setAccount(e.target.value)} required maxLength={64} autoFocus />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required maxLength={200} />
        </label>
        <label>
          {t('totp')}
          <input name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" value={totp} onChange={(e) => setTotp(e.target.value)} required maxLength={6} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('busy') : t('signIn')}
        </button>
      </form>
    </section>
  );
}
