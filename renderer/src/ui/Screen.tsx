import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../app/station-context';
import { LanguageSwitch } from './LanguageSwitch';
import { LinkButton } from './LinkButton';
import { StatusBar } from './StatusBar';

/** The frame every screen shares: header with program and language, main landmark, status bar. */
export function Screen({ title, children, showDiagnosticsLink = true, app = false }: { title: string; children: ReactNode; showDiagnosticsLink?: boolean; /** A workstation application: the window's height, used wall to wall. */ app?: boolean }) {
  const { t } = useTranslation();
  const { info } = useStation();
  return (
    <div className={app ? 'screen screen--app' : 'screen'}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="screen-header">
        <div className="brand">
          <span className="brand-program">{t('app.program')}</span>
          <span className="brand-mode">
            {t(`mode.${info.mode}`)} · {info.branch}
          </span>
        </div>
        <nav aria-label={t('nav.main')} className="header-actions">
          {showDiagnosticsLink ? <LinkButton href="#/diagnostics">{t('nav.diagnostics')}</LinkButton> : null}
          <LanguageSwitch />
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="screen-main">
        <h1 className={app ? 'visually-hidden' : 'screen-title'}>{title}</h1>
        {children}
      </main>
      <StatusBar />
    </div>
  );
}
