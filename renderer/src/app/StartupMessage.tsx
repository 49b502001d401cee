import { useTranslation } from 'react-i18next';

/** Shown before the station answered, when it cannot be reached, or when a newer UI session took over. */
export function StartupMessage({ kind }: { kind: 'loading' | 'failed' | 'replaced' }) {
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
      <h1>{kind === 'replaced' ? t('app.sessionReplacedTitle') : t('app.startFailed')}</h1>
      <p role="alert">{kind === 'replaced' ? t('app.sessionReplaced') : t('app.startFailedHint')}</p>
    </main>
  );
}
