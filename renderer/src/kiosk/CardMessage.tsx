import { useTranslation } from 'react-i18next';
import { KioskScreen } from './frame/KioskScreen';

/** A full-screen message about the card: reading, refused, locked, or session over. */
export function CardMessage({ title, text, busy = false, removeCard = false }: { title: string; text?: string; busy?: boolean; removeCard?: boolean }) {
  const { t } = useTranslation();
  return (
    <KioskScreen title={title}>
      <section className="card-message" data-testid="card-message" aria-busy={busy}>
        {busy ? <div className="spinner" role="progressbar" aria-label={title} /> : null}
        {text ? <p className="lead">{text}</p> : null}
        {removeCard ? (
          <p className="remove-card" role="status">
            {t('kiosk.removeCard')}
          </p>
        ) : null}
      </section>
    </KioskScreen>
  );
}
