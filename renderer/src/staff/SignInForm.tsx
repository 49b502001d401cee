import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignInResult } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { useErrorText } from '../ui/use-error-text';
import { ErrorAlert } from '../ui/ErrorAlert';

/** Staff sign-in for clerk and field stations; works offline against the station's own accounts. */
export function SignInForm({ notice }: { notice?: string }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const idField = useId();
  const passwordField = useId();
  const [staffId, setStaffId] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const describe = (result: Extract<SignInResult, { ok: false }>) => {
    if (result.reason === 'locked' && result.lockedUntil) {
      const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' }).format(new Date(result.lockedUntil));
      return t('staff.error.locked', { time });
    }
    return t(`staff.error.${result.reason}`);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await client.call.staffSignIn({ staffId, password });
      if (!result.ok) setError(describe(result));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <form className="sign-in" onSubmit={submit} aria-busy={busy} data-testid="staff-sign-in">
      <h2>{t('staff.signInTitle')}</h2>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <label htmlFor={idField}>{t('staff.staffId')}</label>
      <input id={idField} name="staffId" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={staffId} onChange={(e) => setStaffId(e.target.value)} />
      <label htmlFor={passwordField}>{t('staff.password')}</label>
      <input id={passwordField} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <ErrorAlert message={error} />
      <Button type="submit" variant="primary" disabled={busy || !staffId || !password}>
        {busy ? t('staff.signingIn') : t('staff.signIn')}
      </Button>
    </form>
  );
}
