import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LegacyPageView } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useStationCall } from '../../ui/use-station-call';
import { ContractError } from '../../../../main/contract';
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
  const fileId = useId();
  const { busyLabel, error, run } = useStationCall();
  const [notLegacy, setNotLegacy] = useState<LegacyPageView['kind'] | null>(null);

  const open = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    const file = input.files?.[0];
    if (!file) return;
    setNotLegacy(null);
    await run(
      async () => client.call.clerkOpenLegacyPage({ imageBase64: await base64Of(file) }),
      (page) => (page.kind === 'unregistered' ? onOpened(page) : setNotLegacy(page.kind)),
      { label: t('clerkBooklets.legacy.opening'), describe: (err, tr) => (err instanceof ContractError && err.code === 'invalid_input' ? tr('clerkBooklets.legacy.notAnImage') : undefined) },
    );
    input.value = '';
  };
  const busy = busyLabel;

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
