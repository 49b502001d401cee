import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkMemberView, MemberPickResult, MemberSearchResult } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useErrorText } from '../../ui/use-error-text';
import { Busy } from './Busy';
import { pickProblemKey } from './pick-problem';
import './member.css';

/**
 * The clerk picks the member at the desk: by KVNR and birth date (check digit verified in
 * main), by the eGK in the desk's reader, or by exact last name, first name and birth date
 * (the station's own records, and the service's register when online).
 */
export function MemberPicker({ onPicked }: { onPicked: (member: ClerkMemberView) => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const ids = { kvnr: useId(), kvnrError: useId(), birth: useId(), last: useId(), first: useId(), searchBirth: useId() };
  const [kvnr, setKvnr] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [kvnrError, setKvnrError] = useState<string>();
  const [cardError, setCardError] = useState<string>();
  const [search, setSearch] = useState({ lastName: '', firstName: '', birthDate: '' });
  const [found, setFound] = useState<MemberSearchResult | null>(null);
  const [searchError, setSearchError] = useState<string>();
  const [busy, setBusy] = useState<string | null>(null);

  const take = (result: MemberPickResult, setProblem: (text: string | undefined) => void) => {
    if (result.ok) {
      setProblem(undefined);
      onPicked(result.member);
    } else setProblem(t(pickProblemKey(result.problem)));
  };

  const byKvnr = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(t('clerkBooklets.pick.checking'));
    try {
      take(await client.call.clerkPickMemberByKvnr({ kvnr, birthDate }), setKvnrError);
    } catch (err) {
      setKvnrError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const byCard = async () => {
    setBusy(t('clerkBooklets.pick.readingCard'));
    try {
      take(await client.call.clerkPickMemberFromCard({}), setCardError);
    } catch (err) {
      setCardError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const byName = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(t('clerkBooklets.pick.searching'));
    setFound(null);
    try {
      setFound(await client.call.clerkSearchMembers(search));
      setSearchError(undefined);
    } catch (err) {
      setSearchError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="clerk-panel member-picker" aria-labelledby={`${ids.kvnr}-title`} data-testid="member-picker">
      <h2 id={`${ids.kvnr}-title`}>{t('clerkBooklets.pick.title')}</h2>
      <Busy label={busy} />
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
          <input id={ids.birth} type="date" required value={birthDate} onChange={(e) => setBirthDate(e.target.value)} />
          <ErrorAlert id={ids.kvnrError} message={kvnrError} />
          <Button type="submit" variant="primary" disabled={busy !== null}>
            {t('clerkBooklets.pick.takeKvnr')}
          </Button>
        </form>

        <div data-testid="pick-by-card">
          <h3>{t('clerkBooklets.pick.byCard')}</h3>
          <p className="hint">{t('clerkBooklets.pick.cardHint')}</p>
          <ErrorAlert message={cardError} />
          <Button onClick={() => void byCard()} disabled={busy !== null}>
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
          <input id={ids.searchBirth} type="date" required value={search.birthDate} onChange={(e) => setSearch({ ...search, birthDate: e.target.value })} />
          <ErrorAlert message={searchError} />
          <Button type="submit" disabled={busy !== null}>
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
