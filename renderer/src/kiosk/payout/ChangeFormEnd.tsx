import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';

/** The end of a protected-change form (bank or address): what is kept, the error, send and cancel. */
export function ChangeFormEnd({ busy, error, onCancel }: { busy: boolean; error: string | undefined; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="hint">{t('kiosk.payout.change.nothingKept')}</p>
      <ErrorAlert message={error} />
      <div className="toolbar">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? t('kiosk.payout.change.sending') : t('kiosk.payout.change.send')}
        </Button>
        <Button onClick={onCancel}>{t('kiosk.payout.change.cancel')}</Button>
      </div>
    </>
  );
}
