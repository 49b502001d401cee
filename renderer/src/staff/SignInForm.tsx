import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignInResult } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { useStationCall } from '../ui/use-station-call';
import { useFormat } from '../i18n/format';
import type { TFunction } from 'i18next';
import { ErrorAlert } from '../ui/ErrorAlert';

/** Staff sign-in for clerk and field stations; works offline against the station's own accounts. */
export function SignInForm({ notice }: { notice?: string }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const format = useFormat();
  const { busy, error, setError, run } = useStationCall();
  const idField = useId();
  const passwordField = useId();
  const [staffId, setStaffId] = useState('');
  const [password, setPassword] = useState('');

  // Worded when shown (tr), so that a language switch rewords it; a time reads the same in both languages.
  const describe = (tr: TFunction, result: Extract<SignInResult, { ok: false }>) =>
    result.reason === 'locked' && result.lockedUntil ? tr('staff.error.locked', { time: format.time(result.lockedUntil) }) : tr(`staff.error.${result.reason}`);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(
      () => client.call.staffSignIn({ staffId, password }),
      (result) => (result.ok ? undefined : setError((tr) => describe(tr, result))),
    );
    setPassword('');
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
