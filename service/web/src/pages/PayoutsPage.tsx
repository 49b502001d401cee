import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Ok, PayoutOverview, type SessionInfo } from '../../../backoffice/api';
import { call } from '../api';
import { DateField } from '../DateField';
import { useI18n, type TextKey } from '../i18n';
import { MessageLine, usePage } from '../usePage';

const fetchOverview = () => call('GET', '/payouts', PayoutOverview);

/** Payout applications (four-eyes), runs with their pain.001 and tax-report files, exclusions and reclaims. */
export function PayoutsPage({ session, onSignedOut }: { session: SessionInfo; onSignedOut: () => void }) {
  const { t, date, dateTime, money, finding } = useI18n();
  const { data: overview, message, act } = usePage(fetchOverview, onSignedOut);
  const [executionDay, setExecutionDay] = useState(() => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10));
  const [dayMissing, setDayMissing] = useState(false);
  const [kvnr, setKvnr] = useState('');
  const [reason, setReason] = useState('');

  const createRun = (event: FormEvent) => {
    event.preventDefault();
    // A text that is no day is never sent (nor guessed at): the field says what it expects.
    setDayMissing(executionDay === '');
    if (executionDay === '') return;
    void act(() => call('POST', '/payouts/runs', z.object({ id: z.string() }), { executionDay }));
  };
  const exclude = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await call('POST', '/payouts/exclusions', Ok, { kvnr: kvnr.trim().toUpperCase(), reason: reason.trim() });
      setKvnr('');
      setReason('');
    });
  };

  if (!overview) return <p className="busy">{message?.text ?? t('busy')}</p>;
  const me = session.account.id;
  return (
    <>
      <section aria-labelledby="payouts-title">
        <div className="title-row">
          <h1 id="payouts-title">{t('payoutsTitle')}</h1>
          <p className="count">{t('fourEyesNote', { amount: money(overview.fourEyesAboveCents) })}</p>
        </div>
        <MessageLine message={message} />
        <h2>{t('applications')}</h2>
        {overview.applications.length === 0 ? (
          <p>{t('noApplications')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('colReceived')}</th>
                  <th scope="col">{t('colName')}</th>
                  <th scope="col">{t('kvnr')}</th>
                  <th scope="col">{t('colYear')}</th>
                  <th scope="col" className="num">{t('colAmount')}</th>
                  <th scope="col">{t('colIban')}</th>
                  <th scope="col">{t('colState')}</th>
                  <th scope="col">{t('colApprovals')}</th>
                  <th scope="col">{t('colAction')}</th>
                </tr>
              </thead>
              <tbody>
                {overview.applications.map((a) => (
                  <tr key={a.id} data-testid="payout-row">
                    <td>{dateTime(a.receivedAt)}</td>
                    <td>{a.name ?? '–'}</td>
                    <td>{a.kvnr}</td>
                    <td>{a.year}</td>
                    <td className="num">{money(a.amountCents)}</td>
                    <td>{a.iban ?? '–'}</td>
                    <td>{t(`pay_${a.state}` as TextKey)}{a.state === 'blocked' && a.findings.length > 0 ? ` (${a.findings.map(finding).join(', ')})` : ''}</td>
                    <td>{[a.firstBy, a.secondBy].filter(Boolean).join(', ') || '–'}</td>
                    <td>
                      {(a.state === 'open' || (a.state === 'awaiting-second' && a.firstBy !== me)) && (
                        <button type="button" onClick={() => void act(() => call('POST', `/payouts/${a.id}/approve`, z.object({ complete: z.boolean() })))}>
                          {a.state === 'open' ? t('approve') : t('approveSecond')}
                          <span className="visually-hidden"> {a.name ?? a.kvnr}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="runs-title">
        <h2 id="runs-title">{t('runs')}</h2>
        <form className="actions" onSubmit={createRun}>
          <DateField label={t('executionDay')} value={executionDay} onChange={setExecutionDay} showError={dayMissing} />
          <button type="submit" className="primary">
            {t('newRun')}
          </button>
        </form>
        {overview.runs.length > 0 && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('colRun')}</th>
                  <th scope="col">{t('executionDay')}</th>
                  <th scope="col" className="num">{t('colItems')}</th>
                  <th scope="col" className="num">{t('colTotal')}</th>
                  <th scope="col">{t('colPaid')}</th>
                  <th scope="col">{t('colAction')}</th>
                </tr>
              </thead>
              <tbody>
                {overview.runs.map((r) => (
                  <tr key={r.id} data-testid="run-row">
                    <td>{r.messageId}</td>
                    <td>{date(r.executionDay)}</td>
                    <td className="num">{r.itemCount}</td>
                    <td className="num">{money(r.totalCents)}</td>
                    <td>{r.paidAt ? `${dateTime(r.paidAt)} (${r.paidBy})` : t('notYet')}</td>
                    <td className="actions">
                      <a href={`./api/payouts/runs/${r.id}/pain001`} download>
                        {t('downloadPain')}
                      </a>
                      {r.paidAt ? (
                        <a href={`./api/payouts/runs/${r.id}/tax-report`} download>
                          {t('downloadTax')}
                        </a>
                      ) : (
                        <button type="button" onClick={() => void act(() => call('POST', `/payouts/runs/${r.id}/paid`, Ok))}>
                          {t('markPaid')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="reclaims-title">
        <h2 id="reclaims-title">{t('reclaims')}</h2>
        {overview.reclaims.length === 0 ? (
          <p>{t('noReclaims')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('colName')}</th>
                  <th scope="col">{t('kvnr')}</th>
                  <th scope="col">{t('colYear')}</th>
                  <th scope="col" className="num">{t('colTotal')}</th>
                  <th scope="col">{t('colPaid')}</th>
                  <th scope="col">{t('colExcluded')}</th>
                  <th scope="col">{t('excludeReason')}</th>
                </tr>
              </thead>
              <tbody>
                {overview.reclaims.map((r) => (
                  <tr key={`${r.kvnr}-${r.year}`}>
                    <td>{r.name ?? '–'}</td>
                    <td>{r.kvnr}</td>
                    <td>{r.year}</td>
                    <td className="num">{money(r.amountCents)}</td>
                    <td>{date(r.paidAt)}</td>
                    <td>{date(r.excludedAt)}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form className="actions" onSubmit={exclude} aria-label={t('exclude')}>
          <label>
            {t('kvnr')}
            <input value={kvnr} onChange={(e) => setKvnr(e.target.value)} pattern="[A-Za-z][0-9]{9}" maxLength={10} required />
          </label>
          <label>
            {t('excludeReason')}
            <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} maxLength={500} required />
          </label>
          <button type="submit">{t('excludeSubmit')}</button>
        </form>
      </section>
    </>
  );
}
