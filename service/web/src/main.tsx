import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Ok, SessionInfo, type Role } from '../../backoffice/api';
import { call, CallError, setCsrfToken } from './api';
import { I18nProvider, useI18n, type TextKey } from './i18n';
import { FleetPage } from './pages/FleetPage';
import { PayoutsPage } from './pages/PayoutsPage';
import { QueuePage } from './pages/QueuePage';
import { ReviewPage } from './pages/ReviewPage';
import { SignInPage } from './pages/SignInPage';
import './styles.css';

/** The page in the address's hash (#/queue, #/review/<id>, …): one static page, reloadable anywhere. */
function useHashRoute(): [string, (to: string) => void] {
  const [hash, setHash] = useState(() => location.hash.slice(1) || '/');
  useEffect(() => {
    const onChange = () => setHash(location.hash.slice(1) || '/');
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [hash, (to: string) => (location.hash = to)];
}

const sections: { path: string; label: TextKey; role: Role }[] = [
  { path: '/queue', label: 'navReview', role: 'reviewer' },
  { path: '/payouts', label: 'navPayouts', role: 'payout-officer' },
  { path: '/fleet', label: 'navFleet', role: 'station-admin' },
];

function App() {
  const { t, lang, setLang } = useI18n();
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [route, go] = useHashRoute();

  useEffect(() => {
    call('GET', '/session', SessionInfo)
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setSession(s);
      })
      .catch(() => setSession(null));
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('appTitle');
  }, [lang, t]);

  const signedIn = useCallback((s: SessionInfo) => {
    setCsrfToken(s.csrfToken);
    setSession(s);
    const first = sections.find((section) => s.account.roles.includes(section.role));
    go(first?.path ?? '/');
  }, [go]);
  /** A call answered "signed out": back to the sign-in page. */
  const onSignedOut = useCallback(() => {
    setCsrfToken(null);
    setSession(null);
  }, []);
  const signOut = async () => {
    await call('POST', '/sign-out', Ok).catch(() => undefined);
    onSignedOut();
  };

  if (session === undefined) return <p className="busy">{t('busy')}</p>;
  const allowed = session ? sections.filter((s) => session.account.roles.includes(s.role)) : [];
  const current = allowed.find((s) => route.startsWith(s.path) || (s.path === '/queue' && route.startsWith('/review/'))) ?? null;
  let page;
  if (!session) page = <SignInPage onSignedIn={signedIn} />;
  else if (route.startsWith('/review/') && current?.role === 'reviewer') page = <ReviewPage id={route.slice('/review/'.length)} go={go} onSignedOut={onSignedOut} />;
  else if (current?.path === '/queue') page = <QueuePage go={go} onSignedOut={onSignedOut} />;
  else if (current?.path === '/payouts') page = <PayoutsPage session={session} onSignedOut={onSignedOut} />;
  else if (current?.path === '/fleet') page = <FleetPage onSignedOut={onSignedOut} />;
  else if (allowed[0] && (route === '/' || route === '')) {
    go(allowed[0].path);
    page = null;
  } else page = <p role="alert" className="error">{t('forbidden')}</p>;

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('skip')}
      </a>
      <header className="app-header">
        <span className="brand">{t('appTitle')}</span>
        {session && (
          <nav aria-label={t('nav')}>
            <ul>
              {allowed.map((s) => (
                <li key={s.path}>
                  <a href={`#${s.path}`} aria-current={current?.path === s.path ? 'page' : undefined}>
                    {t(s.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="header-actions">
          <button type="button" className="link-button" lang={lang === 'de' ? 'en' : 'de'} aria-label={t('switchLangLabel')} onClick={() => setLang(lang === 'de' ? 'en' : 'de')}>
            {t('switchLang')}
          </button>
          {session && (
            <>
              <span className="who">{session.account.name}</span>
              <button type="button" className="link-button" onClick={() => void signOut()}>
                {t('signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}

export function isSignedOut(error: unknown): boolean {
  return error instanceof CallError && error.status === 401;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
