import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignInResult } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { useStationCall } from '../ui/use-station-call';
import type { TFunction } from 'i18next';
import { ErrorAlert } from '../ui/ErrorAlert';
import { KeyboardScope } from '../ui/touch/keyboard-scope';
import { OnScreenKeyboard } from '../ui/touch/OnScreenKeyboard';
import { TouchInput } from '../ui/touch/TouchInput';

/** Staff sign-in (clerk and field stations; a kiosk's admin); works offline against the station's own accounts. */
export function SignInForm({ notice, touch = false }: { notice?: string; /** A kiosk: the on-screen keyboard types. */ touch?: boolean }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, setError, run } = useStationCall();
  const idField = useId();
  const passwordField = useId();
  const [staffId, setStaffId] = useState('');
  const [password, setPassword] = useState('');

  // Worded when shown (tr), so that a language switch rewords it. A locked account answers like a
  // wrong password: the station never tells a guesser which.
  const describe = (tr: TFunction, result: Extract<SignInResult, { ok: false }>) => tr(`staff.error.${result.reason}`);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(
      () => client.call.staffSignIn({ staffId, password }),
      (result) => (result.ok ? undefined : setError((tr) => describe(tr, result))),
    );
    setPassword('');
  };

  const fields = touch ? (
    <>
      <TouchInput label={t('staff.staffId')} name="staffId" layout="text" required value={staffId} onChange={setStaffId} />
      <TouchInput label={t('staff.password')} name="password" type="password" layout="text" required value={password} onChange={setPassword} />
    </>
  ) : (
    <>
      <label htmlFor={idField}>{t('staff.staffId')}</label>
      <input id={idField} name="staffId" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={staffId} onChange={(e) => setStaffId(e.target.value)} />
      <label htmlFor={passwordField}>{t('staff.password')}</label>
      <input id={passwordField} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
    </>
  );
  const form = (
    <form className={touch ? 'sign-in sign-in--touch' : 'sign-in'} onSubmit={submit} aria-busy={busy} data-testid="staff-sign-in">
      <h2>{t('staff.signInTitle')}</h2>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {fields}
      <ErrorAlert message={error} />
      <Button type="submit" variant="primary" disabled={busy || !staffId || !password}>
        {busy ? t('staff.signingIn') : t('staff.signIn')}
      </Button>
      {touch ? <OnScreenKeyboard /> : null}
    </form>
  );
  return touch ? <KeyboardScope>{form}</KeyboardScope> : form;
}
