import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LegacyPageView } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useErrorText } from '../../ui/use-error-text';
import { Busy } from '../member/Busy';

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/**
 * A scanned page of a legacy booklet from a file (the scanner's own software saved it). The
 * station runs it through the page pipeline (decode, blank check, deskew) and answers what it
 * is: only a page without marks is assigned by hand.
 */
export function LegacyPageOpener({ onOpened }: { onOpened: (page: LegacyPageView) => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const fileId = useId();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [notLegacy, setNotLegacy] = useState<LegacyPageView['kind'] | null>(null);

  const open = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setBusy(t('clerkBooklets.legacy.opening'));
    setError(undefined);
    setNotLegacy(null);
    try {
      const page = await client.call.clerkOpenLegacyPage({ imageBase64: await base64Of(file) });
      if (page.kind === 'unregistered') onOpened(page);
      else setNotLegacy(page.kind);
    } catch (err) {
      setError(errorText(err) === t('errors.invalid_input') ? t('clerkBooklets.legacy.notAnImage') : errorText(err));
    } finally {
      setBusy(null);
      e.target.value = '';
    }
  };

  return (
    <div className="legacy-open clerk-form-row" data-testid="legacy-open">
      <label htmlFor={fileId}>{t('clerkBooklets.legacy.file')}</label>
      <input id={fileId} type="file" accept="image/jpeg,image/png,image/tiff" onChange={(e) => void open(e)} disabled={busy !== null} />
      <Busy label={busy} />
      <ErrorAlert message={error} />
      {notLegacy ? <ErrorAlert message={t(`clerkBooklets.legacy.kind.${notLegacy}`)} /> : null}
    </div>
  );
}
