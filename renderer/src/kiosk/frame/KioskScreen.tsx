import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { LanguageSwitch } from '../../ui/LanguageSwitch';
import { StatusBar } from '../../ui/StatusBar';
import { useDisplayPrefs } from './display-prefs';
import { useStaffGesture } from './staff-gesture';
import './kiosk.css';

/** The member's display switches (larger text, high contrast), kept until the card is pulled. */
function DisplaySwitches() {
  const { t } = useTranslation();
  const prefs = useDisplayPrefs();
  return (
    <>
      <Button aria-pressed={prefs.largeText} onClick={prefs.toggleLargeText} className="display-switch">
        <span aria-hidden="true" className="display-icon">{'A+'}</span> {t('kiosk.display.largeText')}
      </Button>
      <Button aria-pressed={prefs.highContrast} onClick={prefs.toggleHighContrast} className="display-switch">
        <span aria-hidden="true" className="display-icon display-icon--contrast" /> {t('kiosk.display.highContrast')}
      </Button>
    </>
  );
}

/**
 * The frame of every member screen: program and branch, the display switches (larger text,
 * high contrast) and the language, the screen's title with its actions, and the state of
 * the card reader. Sized to the screen: nothing in it scrolls the page. On the idle screen
 * the program name is also the staff's way in (held for three seconds).
 */
export function KioskScreen({
  title,
  actions,
  bar,
  children,
  idle = false,
  className,
  staff = false,
}: {
  title: string;
  actions?: ReactNode;
  /** The member's ways on, always in the same place at the bottom (archive, payout, end the session). */
  bar?: ReactNode;
  children: ReactNode;
  idle?: boolean;
  className?: string;
  /** A screen of the station admin (sign-in, station info): the kiosk's frame without the member's display switches. */
  staff?: boolean;
}) {
  const { t } = useTranslation();
  const { info } = useStation();
  const openStaff = useCallback(() => {
    window.location.hash = '#/diagnostics';
  }, []);
  const gesture = useStaffGesture(idle, openStaff);
  return (
    <div className={['kiosk', className].filter(Boolean).join(' ')}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="kiosk-header">
        <div className="brand" data-testid="brand" {...gesture}>
          <span className="brand-program">{t('app.program')}</span>
          <span className="brand-mode">{info.branch}</span>
        </div>
        <div className="kiosk-display" role="group" aria-label={t('kiosk.display.label')}>
          {staff ? null : <DisplaySwitches />}
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="kiosk-main">
        <div className="kiosk-title-row">
          <h1 className="kiosk-title">{title}</h1>
          {actions ? <div className="kiosk-title-actions">{actions}</div> : null}
        </div>
        <div className="kiosk-body">{children}</div>
        {bar ? <nav className="kiosk-bar" aria-label={t('kiosk.member.more')}>{bar}</nav> : null}
      </main>
      {/* The station admin also sees the transfer to the central service; a member does not need it. */}
      <StatusBar items={staff ? ['card', 'scanner', 'sync'] : ['card', 'scanner']} />
    </div>
  );
}
