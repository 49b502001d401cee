import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletLinkView, ClerkMemberView, IssuedBooklet } from '../../../../main/contract';
import { useStation, useToday } from '../../app/station-context';
import { yearOf } from '../../app/today';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useStationCall } from '../../ui/use-station-call';
import { useFormat } from '../../i18n/format';
import { Busy } from './Busy';
import { blobUrlOf } from './download';

/**
 * A new paper booklet for the picked member: a booklet id is linked to them in the station's
 * register (and sent to the service), and the PDF is offered to save and print. The pages
 * carry the booklet id, year and program in the QR code, nothing about the person.
 */
export function BookletPrint({ member }: { member: ClerkMemberView }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const format = useFormat();
  const { busyLabel, error, run } = useStationCall();
  const yearId = useId();
  const thisYear = yearOf(useToday());
  const [year, setYear] = useState(thisYear);
  const [booklets, setBooklets] = useState<BookletLinkView[]>(member.booklets);
  const [issued, setIssued] = useState<(IssuedBooklet & { url: string }) | null>(null);

  useEffect(() => setBooklets(member.booklets), [member]);
  useEffect(() => () => (issued ? URL.revokeObjectURL(issued.url) : undefined), [issued]);

  const offer = (result: IssuedBooklet) => setIssued({ ...result, url: blobUrlOf(result.pdfBase64, 'application/pdf') });

  const making = { label: t('clerkBooklets.print.making') };
  const issue = () =>
    run(
      () => client.call.clerkIssueBooklet({ pickId: member.pickId, year }),
      (result) => {
        offer(result);
        setBooklets((list) => [result.booklet, ...list]);
      },
      making,
    );
  const reprint = (bookletId: string) => run(() => client.call.clerkBookletPdf({ bookletId }), offer, making);
  const busy = busyLabel;

  return (
    <section className="clerk-panel booklet-print" aria-labelledby="booklet-print-title" data-testid="booklet-print">
      <h2 id="booklet-print-title">{t('clerkBooklets.print.title')}</h2>
      <p className="hint">{t('clerkBooklets.print.hint', { program: t(`clerkBooklets.program.${member.program}`) })}</p>
      <div className="clerk-form-row">
        <label htmlFor={yearId}>{t('clerkBooklets.print.year')}</label>
        <select id={yearId} value={year} onChange={(e) => setYear(Number(e.target.value))}>
          <option value={thisYear}>{thisYear}</option>
          <option value={thisYear + 1}>{thisYear + 1}</option>
        </select>
        <Button variant="primary" onClick={() => void issue()} disabled={busy !== null}>
          {t('clerkBooklets.print.issue')}
        </Button>
      </div>
      <Busy label={busy} />
      <ErrorAlert message={error} />
      {issued ? (
        <div className="booklet-issued" role="status" data-testid="booklet-issued">
          <p>{t('clerkBooklets.print.issued', { id: issued.booklet.bookletId, year: issued.booklet.year, program: t(`clerkBooklets.program.${issued.booklet.program}`) })}</p>
          <a className="ui-button ui-button--primary" href={issued.url} download={issued.fileName} data-testid="booklet-download">
            {t('clerkBooklets.print.save')}
          </a>
          <p className="hint">{t('clerkBooklets.print.printHint')}</p>
        </div>
      ) : null}
      {booklets.length > 0 ? (
        <table className="page-table" data-testid="member-booklets">
          <caption>{t('clerkBooklets.print.existing')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('clerkBooklets.print.bookletId')}</th>
              <th scope="col">{t('clerkBooklets.print.year')}</th>
              <th scope="col">{t('clerkBooklets.member.program')}</th>
              <th scope="col">{t('clerkBooklets.print.issuedAt')}</th>
              <th scope="col">{t('clerkBooklets.print.atService')}</th>
              <th scope="col">{t('clerkBooklets.print.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {booklets.map((b) => (
              <tr key={b.bookletId}>
                <td>{b.bookletId}</td>
                <td>{b.year}</td>
                <td>{b.legacy ? t('clerkBooklets.program.legacy') : t(`clerkBooklets.program.${b.program}`)}</td>
                <td>{format.instantDate(b.issuedAt)}</td>
                <td>{b.atService ? t('clerkBooklets.print.yes') : t('clerkBooklets.print.notYet')}</td>
                <td>
                  {b.legacy ? null : (
                    <Button onClick={() => void reprint(b.bookletId)} disabled={busy !== null} aria-label={t('clerkBooklets.print.reprintLabel', { id: b.bookletId })}>
                      {t('clerkBooklets.print.reprint')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
