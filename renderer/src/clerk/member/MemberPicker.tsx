import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkMemberView, MemberPickResult, MemberSearchResult } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useStationCall, type StationCall } from '../../ui/use-station-call';
import { Busy } from './Busy';
import { pickProblemKey } from './pick-problem';
import './member.css';
import { DateInput } from '../../ui/DateInput';

/**
 * The clerk picks the member at the desk: by KVNR and birth date (check digit verified in
 * main), by the eGK in the desk's reader, or by exact last name, first name and birth date
 * (the station's own records, and the service's register when online).
 */
export function MemberPicker({ onPicked }: { onPicked: (member: ClerkMemberView) => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const ids = { kvnr: useId(), kvnrError: useId(), birth: useId(), last: useId(), first: useId(), searchBirth: useId() };
  const [kvnr, setKvnr] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [search, setSearch] = useState({ lastName: '', firstName: '', birthDate: '' });
  const [found, setFound] = useState<MemberSearchResult | null>(null);
  // One call per way of picking, each with its own error beside its form.
  const kvnrCall = useStationCall();
  const cardCall = useStationCall();
  const searchCall = useStationCall();
  const busyLabel = kvnrCall.busyLabel ?? cardCall.busyLabel ?? searchCall.busyLabel;
  const busy = kvnrCall.busy || cardCall.busy || searchCall.busy;

  const take = (call: StationCall) => (result: MemberPickResult) => {
    if (result.ok) onPicked(result.member);
    else call.setError((tr) => tr(pickProblemKey(result.problem)));
  };

  const byKvnr = (e: FormEvent) => {
    e.preventDefault();
    void kvnrCall.run(() => client.call.clerkPickMemberByKvnr({ kvnr, birthDate }), take(kvnrCall), { label: t('clerkBooklets.pick.checking') });
  };
  const byCard = () => void cardCall.run(() => client.call.clerkPickMemberFromCard({}), take(cardCall), { label: t('clerkBooklets.pick.readingCard') });
  const byName = (e: FormEvent) => {
    e.preventDefault();
    setFound(null);
    void searchCall.run(() => client.call.clerkSearchMembers(search), setFound, { label: t('clerkBooklets.pick.searching') });
  };
  const kvnrError = kvnrCall.error;

  return (
    <section className="clerk-panel member-picker" aria-labelledby={`${ids.kvnr}-title`} data-testid="member-picker">
      <h2 id={`${ids.kvnr}-title`}>{t('clerkBooklets.pick.title')}</h2>
      <Busy label={busyLabel} />
      <div className="member-pick-ways">
        <form onSubmit={byKvnr} aria-labelledby={`${ids.kvnr}-kvnr`} data-testid="pick-by-kvnr">
          <h3 id={`${ids.kvnr}-kvnr`}>{t('clerkBooklets.pick.byKvnr')}</h3>
          <label htmlFor={ids.kvnr}>{t('clerkBooklets.pick.kvnr')}</label>
          <input
            id={ids.kvnr}
            required
            maxLength={10}
            autoComplete="off"
            spellCheck={false}
            value={kvnr}
            aria-invalid={kvnrError ? true : undefined}
            aria-describedby={kvnrError ? ids.kvnrError : undefined}
            onChange={(e) => setKvnr(e.target.value.toUpperCase())}
          />
          <label htmlFor={ids.birth}>{t('clerkBooklets.pick.birthDate')}</label>
          <DateInput id={ids.birth} required value={birthDate} onChange={setBirthDate} />
          <ErrorAlert id={ids.kvnrError} message={kvnrError} />
          <Button type="submit" variant="primary" disabled={busy}>
            {t('clerkBooklets.pick.takeKvnr')}
          </Button>
        </form>

        <div data-testid="pick-by-card">
          <h3>{t('clerkBooklets.pick.byCard')}</h3>
          <p className="hint">{t('clerkBooklets.pick.cardHint')}</p>
          <ErrorAlert message={cardCall.error} />
          <Button onClick={byCard} disabled={busy}>
            {t('clerkBooklets.pick.readCard')}
          </Button>
        </div>

        <form onSubmit={byName} data-testid="pick-by-name">
          <h3>{t('clerkBooklets.pick.byName')}</h3>
          <p className="hint">{t('clerkBooklets.pick.nameHint')}</p>
          <label htmlFor={ids.last}>{t('clerkBooklets.pick.lastName')}</label>
          <input id={ids.last} required autoComplete="off" value={search.lastName} onChange={(e) => setSearch({ ...search, lastName: e.target.value })} />
          <label htmlFor={ids.first}>{t('clerkBooklets.pick.firstName')}</label>
          <input id={ids.first} required autoComplete="off" value={search.firstName} onChange={(e) => setSearch({ ...search, firstName: e.target.value })} />
          <label htmlFor={ids.searchBirth}>{t('clerkBooklets.pick.birthDate')}</label>
          <DateInput id={ids.searchBirth} required value={search.birthDate} onChange={(birthDate) => setSearch({ ...search, birthDate })} />
          <ErrorAlert message={searchCall.error} />
          <Button type="submit" disabled={busy}>
            {t('clerkBooklets.pick.search')}
          </Button>
          {found ? <SearchResults result={found} onPicked={onPicked} /> : null}
        </form>
      </div>
    </section>
  );
}

function SearchResults({ result, onPicked }: { result: MemberSearchResult; onPicked: (member: ClerkMemberView) => void }) {
  const { t } = useTranslation();
  return (
    <div className="member-search-results" aria-live="polite" data-testid="search-results">
      <p>{t(`clerkBooklets.pick.searched.${result.searched.service}`)}</p>
      {result.members.length === 0 ? (
        <p className="hint">{t('clerkBooklets.pick.nobody')}</p>
      ) : (
        <ul>
          {result.members.map((m) => (
            <li key={m.pickId}>
              <Button onClick={() => onPicked(m)}>{t('clerkBooklets.pick.takeResult', { name: m.displayName ?? m.kvnr, kvnr: m.kvnr, source: t(`clerkBooklets.source.${m.source}`) })}</Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
