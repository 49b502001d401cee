import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldEventView } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useErrorText } from '../ui/use-error-text';

/** The events this station knows (pulled while online or created here by a field admin). */
export function EventPicker({ events, isAdmin, onChanged }: { events: FieldEventView[]; isAdmin: boolean; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const ids = { title: useId(), company: useId(), date: useId(), measure: useId() };
  const [form, setForm] = useState({ title: '', company: '', date: new Date().toISOString().slice(0, 10), measure: '5' });
  const [error, setError] = useState<string>();
  const format = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(new Date(iso));

  const select = (eventId: string) => client.call.selectFieldEvent({ eventId }).then(onChanged, (e: unknown) => setError(errorText(e)));
  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const event = await client.call.createFieldEvent({ title: form.title, company: form.company, date: form.date, measure: form.measure === '6' ? 6 : 5 });
      await select(event.id);
    } catch (err) {
      setError(errorText(err));
    }
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
          <input id={ids.date} type="date" required value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
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
