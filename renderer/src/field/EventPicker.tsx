import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldEventView } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useStationCall } from '../ui/use-station-call';
import { useFormat } from '../i18n/format';
import { berlinDateOf } from '../../../main/domain';
import { DateInput } from '../ui/DateInput';

/** The events this station knows (pulled while online or created here by a field admin). */
export function EventPicker({ events, isAdmin, onChanged }: { events: FieldEventView[]; isAdmin: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { error, run } = useStationCall();
  const formats = useFormat();
  const ids = { title: useId(), company: useId(), date: useId(), measure: useId() };
  const [form, setForm] = useState({ title: '', company: '', date: berlinDateOf(Date.now()), measure: '5' });
  const format = formats.instantDate;

  const select = (eventId: string) => run(() => client.call.selectFieldEvent({ eventId }), onChanged);
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const event = await client.call.createFieldEvent({ title: form.title, company: form.company, date: form.date, measure: form.measure === '6' ? 6 : 5 });
      await client.call.selectFieldEvent({ eventId: event.id });
    }, onChanged);
  };

  return (
    <section aria-labelledby="events-title" data-testid="event-picker">
      <h2 id="events-title">{t('field.events.title')}</h2>
      {events.length === 0 ? <p className="hint">{t('field.events.none')}</p> : null}
      <ul className="event-list">
        {events.map((event) => (
          <li key={event.id}>
            <span>
              {event.title} – {event.company} ({format(event.startsAt)})
            </span>
            <Button onClick={() => void select(event.id)}>{t('field.events.select')}</Button>
          </li>
        ))}
      </ul>
      <ErrorAlert message={error} />
      {isAdmin ? (
        <form className="sign-in" onSubmit={create}>
          <h3>{t('field.events.create')}</h3>
          <label htmlFor={ids.title}>{t('field.events.name')}</label>
          <input id={ids.title} required value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
          <label htmlFor={ids.company}>{t('field.events.company')}</label>
          <input id={ids.company} required value={form.company} onChange={(e) => setForm({ ...form, company: e.target.value })} />
          <label htmlFor={ids.date}>{t('field.events.date')}</label>
          <DateInput id={ids.date} required value={form.date} onChange={(date) => setForm({ ...form, date })} />
          <label htmlFor={ids.measure}>{t('field.events.measure')}</label>
          <select id={ids.measure} value={form.measure} onChange={(e) => setForm({ ...form, measure: e.target.value })}>
            <option value="5">{t('field.events.measureOption', { n: 5 })}</option>
            <option value="6">{t('field.events.measureOption', { n: 6 })}</option>
          </select>
          <Button type="submit" variant="primary">
            {t('field.events.createAndSelect')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}
