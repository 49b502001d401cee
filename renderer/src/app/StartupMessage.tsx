import { useTranslation } from 'react-i18next';

/** Shown before the station answered, or when it cannot be reached. */
export function StartupMessage({ kind }: { kind: 'loading' | 'failed' | 'missing-token' }) {
  const { t } = useTranslation();
  if (kind === 'loading') {
    return (
      <main className="startup" aria-busy="true">
        <p role="status">{t('app.loading')}</p>
      </main>
    );
  }
  return (
    <main className="startup">
      <h1>{t('app.startFailed')}</h1>
      <p role="alert">{kind === 'missing-token' ? t('app.missingToken') : t('app.startFailedHint')}</p>
    </main>
  );
}
