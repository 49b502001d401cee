import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldSummary } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { useFormat } from '../i18n/format';

/** Counts of the event and, for the organizer, check-ins per hour: no personal data. */
export function FieldSummaryView({ version }: { version: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { client } = useStation();
  const [summary, setSummary] = useState<FieldSummary>();
  useEffect(() => {
    client.call.getFieldSummary({}).then(setSummary, () => {});
  }, [client, version]);
  if (!summary) return null;
  const refused = Object.values(summary.refused).reduce((a, n) => a + n, 0);
  const hour = (iso: string) => format.time(iso.replace(':00Z', ':00:00Z'));
  const csv = ['hour,checkins', ...summary.byHour.map((h) => `${h.hour},${h.count}`)].join('\n');
  return (
    <section aria-labelledby="summary-title" className="field-summary" data-testid="field-summary">
      <h2 id="summary-title">{t('field.summary.title')}</h2>
      {/* From the station's own outbox: known also when no service is configured or reachable. */}
      <p className="lead" data-testid="field-waiting">
        {t('field.desk.waiting', { count: summary.waitingForSync })}
      </p>
      <dl className="money">
        <div>
          <dt>{t('field.summary.recorded')}</dt>
          <dd data-testid="summary-recorded">{summary.recorded}</dd>
        </div>
        <div>
          <dt>{t('field.summary.duplicates')}</dt>
          <dd>{summary.duplicates}</dd>
        </div>
        <div>
          <dt>{t('field.summary.refused')}</dt>
          <dd>{refused}</dd>
        </div>
        <div>
          <dt>{t('field.summary.synced')}</dt>
          <dd>
            {summary.synced} / {summary.synced + summary.waitingForSync}
          </dd>
        </div>
      </dl>
      <table>
        <caption>{t('field.summary.byHour')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('field.summary.hour')}</th>
            <th scope="col">{t('field.summary.count')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.byHour.map((h) => (
            <tr key={h.hour}>
              <td>{hour(h.hour)}</td>
              <td>{h.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>{t('field.summary.export')}</summary>
        <textarea readOnly rows={6} aria-label={t('field.summary.export')} value={csv} data-testid="summary-export" />
      </details>
    </section>
  );
}
