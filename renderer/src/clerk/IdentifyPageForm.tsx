import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ContractError, type ClerkPageDetail } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useStationCall } from '../ui/use-station-call';
import type { TFunction } from 'i18next';

/**
 * A page with corner marks whose code could not be read: the clerk types the booklet number
 * and page number printed on the paper, and the page is recognized again with them.
 */
export function IdentifyPageForm({ page, onChanged }: { page: ClerkPageDetail; onChanged: (page: ClerkPageDetail) => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { error, run } = useStationCall();
  const [bookletId, setBookletId] = useState('');
  const [pageNo, setPageNo] = useState('');

  const describe = (e: unknown, t: TFunction) => {
    if (e instanceof ContractError && e.code === 'not_found') return t('clerk.identify.unknownBooklet');
    if (e instanceof ContractError && e.code === 'invalid_input') return e.fields?.includes('bookletId') ? t('clerk.verify.bookletIdInvalid') : t('clerk.identify.noSuchPage');
    return undefined;
  };
  const submit = () => void run(() => client.call.identifyClerkPage({ pageId: page.id, bookletId, pageNo: Number(pageNo) }), onChanged, { describe });

  return (
    <form
      className="identify-page"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-testid="identify-page"
    >
      <p>{t('clerk.identify.intro')}</p>
      <ErrorAlert message={error} />
      <div className="clerk-form-row">
        <label htmlFor="identify-booklet">{t('clerk.verify.reassignTo')}</label>
        <input id="identify-booklet" value={bookletId} onChange={(e) => setBookletId(e.target.value)} autoComplete="off" spellCheck={false} />
        <label htmlFor="identify-page-no">{t('clerk.identify.pageNo')}</label>
        <input id="identify-page-no" value={pageNo} onChange={(e) => setPageNo(e.target.value.replace(/\D/g, ''))} inputMode="numeric" size={3} />
        <Button type="submit" variant="primary" disabled={!bookletId || !pageNo}>
          {t('clerk.identify.submit')}
        </Button>
      </div>
    </form>
  );
}
