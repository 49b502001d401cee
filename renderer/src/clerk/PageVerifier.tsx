import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ContractError, type ClerkFieldView, type ClerkPageDetail } from '../../../main/contract';
import { useStation, useToday } from '../app/station-context';
import { defaultStampDate } from '../app/today';
import { Button } from '../ui/Button';
import { DateInput } from '../ui/DateInput';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorTextOf } from '../ui/use-error-text';
import { useStationCall } from '../ui/use-station-call';
import { IdentifyPageForm } from './IdentifyPageForm';
import { LegacyPageAssignment } from './legacy/LegacyPageAssignment';
import { FieldCrop, PageImage, fitZoom, panBy, zoomBy, type PageZoom } from './PageImage';
import { ShortcutList } from './ShortcutList';

/** The page's date, else the one the clerk confirms by default: the station's today, or the booklet year's last day. */
function defaultDate(page: ClerkPageDetail, today: string): string {
  return page.performedOn ?? defaultStampDate(today, page.year);
}

/** What the verifier says about a booklet this station does not know, by the state of its lookup at the service. */
const lookupText = { pending: 'clerk.verify.memberPending', offline: 'clerk.verify.memberOffline', unknown: 'clerk.verify.memberUnknown', none: 'clerk.verify.noMember' } as const;

/** What one key press does: the next decision for a field ('unsure' is never chosen again). */
function toggled(field: ClerkFieldView): 'stamped' | 'empty' {
  return field.effective === 'stamped' ? 'empty' : 'stamped';
}

/** The next unsure field after `from` (wrapping round), or -1. */
function nextUnsure(fields: readonly ClerkFieldView[], from: number): number {
  for (let step = 1; step <= fields.length; step++) {
    const i = (from + step) % fields.length;
    if (fields[i]?.effective === 'unsure') return i;
  }
  return -1;
}

/**
 * One page, keyboard first: ↑/↓ choose a field, Space toggles it (S stamped, L empty; an unsure
 * field decided moves on to the next unsure one), U goes to the next unsure field, D to the
 * field's own date (Esc back), A accepts the page with its date and goes on to the next, F flags
 * it, Z reassigns it to another booklet, N/P next and previous page; + − 0 zoom the page, Shift
 * and the arrows move it; ? unfolds the whole key legend (one line on a low window). Unsure
 * fields block accepting until decided. The page image is as large as the screen allows, the
 * current field's crop enlarged beside it, the page's date above the fields and accepting
 * right below them, so at 1366×768 a page is seen and done without scrolling. A page without
 * marks shows the legacy assignment (member, year, regions) instead; saved, it is verified.
 */
export function PageVerifier({
  page,
  focusRequest,
  onChanged,
  onNext,
  onPrevious,
}: {
  page: ClerkPageDetail;
  /** Goes up each time the clerk opens a page (not when one opens by itself while the clerk is busy elsewhere): the page takes the keyboard focus. */
  focusRequest: number;
  onChanged: (page: ClerkPageDetail) => void;
  onNext: () => void;
  onPrevious: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const today = useToday();
  const { error, setError } = useStationCall();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const [current, setCurrent] = useState(0);
  const [date, setDate] = useState(() => defaultDate(page, today));
  const [reassigning, setReassigning] = useState(false);
  const [bookletId, setBookletId] = useState('');
  const [note, setNote] = useState('');
  const [zoom, setZoom] = useState<PageZoom>(fitZoom);
  /** The whole key legend unfolded (on a low window it is one line otherwise); stays as the clerk left it from page to page. */
  const [allKeys, setAllKeys] = useState(false);
  const region = useRef<HTMLElement>(null);
  const reassignInput = useRef<HTMLInputElement>(null);
  // The page as last known here (a decision's answer may be newer than the prop), and the decisions still under way.
  const latest = useRef(page);
  const given = useRef(page);
  if (given.current !== page) {
    given.current = page;
    latest.current = page;
  }
  const deciding = useRef<Promise<void>>(Promise.resolve());
  const fieldDates = useRef(new Map<number, HTMLInputElement>());
  /** Field dates being typed, by measure: sent when the clerk leaves the input or presses Enter. */
  const [dateDrafts, setDateDrafts] = useState<Record<number, string>>({});

  useEffect(() => {
    setCurrent(Math.max(0, page.fields.findIndex((f) => f.effective === 'unsure')));
    setDate(defaultDate(page, today));
    setError(undefined);
    setReassigning(false);
    setDateDrafts({});
    setZoom(fitZoom);
    // Only when a new page opens, not on every update of the same page.
  }, [page.id]);
  useEffect(() => {
    if (focusRequest > 0) region.current?.focus();
  }, [focusRequest]);
  useEffect(() => {
    if (reassigning) reassignInput.current?.focus();
  }, [reassigning]);

  const editable = page.state === 'recognized' && page.kind === 'booklet_page';
  const legacyToAssign = page.state === 'recognized' && page.kind === 'unregistered';
  const field = page.fields[current];
  const undecided = page.fields.filter((f) => f.effective === 'unsure').length;
  const invalidDate = (tr: TFunction) => tr('clerk.verify.dateInvalid', { year: page.year ?? '' });

  const run = (call: Promise<ClerkPageDetail>, after?: (p: ClerkPageDetail) => void, invalidInput?: (tr: TFunction) => string) => {
    setError(undefined);
    call.then(
      (p) => {
        onChanged(p);
        after?.(p);
      },
      (e: unknown) => setError((tr) => (invalidInput && e instanceof ContractError && e.code === 'invalid_input' ? invalidInput(tr) : errorTextOf(tr, e))),
    );
  };
  const decide = (f: ClerkFieldView | undefined, decision: 'stamped' | 'empty') => {
    if (!f || !editable) return;
    const at = page.fields.indexOf(f);
    const call = client.call.setClerkFieldDecision({ pageId: page.id, measure: f.measure, decision });
    deciding.current = Promise.all([deciding.current, call.then((p) => (latest.current = p), () => undefined)]).then(() => undefined);
    // An unsure field decided: the next unsure one is current, so a page of them is one key each.
    run(call, (p) => {
      if (f.effective !== 'unsure') return;
      const next = nextUnsure(p.fields, at);
      if (next >= 0) setCurrent(next);
    });
  };
  const accept = () => {
    if (!editable) return;
    // A fast clerk presses L and A at once: the page is judged after the decisions under way, not before.
    void deciding.current.then(() => {
      const fields = latest.current.id === page.id ? latest.current.fields : page.fields;
      const open = fields.filter((f) => f.effective === 'unsure').length;
      if (open > 0) {
        setError((tr) => tr('clerk.verify.undecidedFirst', { count: open }));
        setCurrent(fields.findIndex((f) => f.effective === 'unsure'));
        return;
      }
      run(client.call.verifyClerkPage({ pageId: page.id, performedOn: date }), () => onNext(), invalidDate);
    });
  };
  /** The field's own date: the page's date again is stored as none, so it follows the page. */
  const commitFieldDate = (f: ClerkFieldView) => {
    const draft = dateDrafts[f.measure];
    if (draft === undefined || !editable) return;
    setDateDrafts(({ [f.measure]: _, ...rest }) => rest);
    const next = draft === '' || draft === date ? null : draft;
    if (next === f.performedOn) return;
    run(client.call.setClerkFieldDate({ pageId: page.id, measure: f.measure, performedOn: next }), undefined, invalidDate);
  };
  const toFieldDate = () => {
    if (field?.effective === 'stamped') fieldDates.current.get(field.measure)?.focus();
  };
  const flag = () => run(client.call.flagClerkPage({ pageId: page.id, flagged: !page.flagged, ...(note.trim() ? { note: note.trim() } : {}) }));
  const reopen = () => run(client.call.reopenClerkPage({ pageId: page.id }));
  const reassign = () => run(client.call.reassignClerkPage({ pageId: page.id, bookletId }), () => setReassigning(false), (tr) => tr('clerk.verify.bookletIdInvalid'));
  const backToPage = () => region.current?.focus();

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const target = event.target as HTMLElement;
    if (['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName) || event.ctrlKey || event.metaKey || event.altKey) return;
    // The legacy assignment has its own keys (arrows move a region, Space presses a button).
    if (target.closest('.verify-legacy')) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (event.shiftKey && key.startsWith('Arrow')) {
      event.preventDefault();
      const step = 0.15;
      setZoom((z) => panBy(z, key === 'ArrowLeft' ? -step : key === 'ArrowRight' ? step : 0, key === 'ArrowUp' ? -step : key === 'ArrowDown' ? step : 0));
      return;
    }
    const actions: Record<string, () => void> = {
      ArrowDown: () => setCurrent((c) => Math.min(page.fields.length - 1, c + 1)),
      ArrowUp: () => setCurrent((c) => Math.max(0, c - 1)),
      ' ': () => field && decide(field, toggled(field)),
      s: () => decide(field, 'stamped'),
      l: () => decide(field, 'empty'),
      u: () => {
        const next = nextUnsure(page.fields, current);
        if (next >= 0) setCurrent(next);
      },
      d: toFieldDate,
      a: accept,
      f: flag,
      z: () => editable && setReassigning(true),
      n: onNext,
      p: onPrevious,
      '+': () => setZoom((z) => zoomBy(z, 1.5)),
      '=': () => setZoom((z) => zoomBy(z, 1.5)),
      '-': () => setZoom((z) => zoomBy(z, 1 / 1.5)),
      '0': () => setZoom(fitZoom),
      '?': () => setAllKeys((v) => !v),
    };
    const action = actions[key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  // A live region: the lookup at the service may answer while the page is open.
  const lookupStatus = (
    <span role="status" aria-live="polite" data-testid="page-member-lookup" data-lookup={page.memberLookup ?? 'none'}>
      {t(lookupText[page.memberLookup ?? 'none'])}
    </span>
  );

  return (
    <section ref={region} className="clerk-panel page-verifier" tabIndex={-1} onKeyDown={onKeyDown} aria-labelledby="verify-heading" data-testid="page-verifier">
      <div className="verify-head">
        <h2 id="verify-heading">
          {t('clerk.verify.title', { seq: page.seq })}
          {page.bookletId ? ` · ${t('clerk.batch.bookletPage', { booklet: page.bookletId, page: page.pageNo ?? '–' })}` : ''}
        </h2>
        <p data-testid="page-member">
          {page.member
            ? t('clerk.verify.member', { initials: page.member.initials || '–', year: page.member.birthYear })
            : page.bookletId
              ? lookupStatus
              : t(`clerk.batch.kind.${page.kind ?? 'unidentified'}`)}
          {page.kind === 'unregistered' && page.bookletId ? ` · ${t('clerk.verify.legacyDone', { booklet: page.bookletId })}` : ''}
          {page.reassigned ? ` · ${t('clerk.verify.reassigned')}` : ''}
          {page.upsideDown ? ` · ${t('clerk.verify.upsideDown')}` : ''}
        </p>
        <p className="verify-state" aria-live="polite" data-testid="page-state">
          {t(`clerk.batch.state.${page.state}`)}
          {page.flagged ? ` · ${t('clerk.batch.flagged')}${page.flagNote ? `: ${page.flagNote}` : ''}` : ''}
          {editable && undecided > 0 ? ` · ${t('clerk.verify.undecided', { count: undecided })}` : ''}
        </p>
      </div>
      <ErrorAlert message={error} />
      {page.state === 'recognized' && page.kind === 'unidentified' ? <IdentifyPageForm page={page} onChanged={onChanged} /> : null}
      {legacyToAssign ? (
        <section className="verify-legacy" aria-labelledby="verify-legacy-heading" data-testid="verify-legacy">
          <h3 id="verify-legacy-heading">{t('clerk.verify.legacyTitle')}</h3>
          <LegacyPageAssignment key={page.id} pageRef={page.id} onSaved={() => run(client.call.getClerkPage({ pageId: page.id }))} />
        </section>
      ) : null}
      <div className="verify-layout" hidden={legacyToAssign}>
        <div className="verify-page">
          <PageImage page={page} current={field?.measure ?? null} zoom={zoom} onZoom={setZoom} />
        </div>
        <div className="verify-side">
          {field ? (
            <div className={`verify-current verify-current--${field.effective}`} data-testid="current-field">
              <FieldCrop page={page} measure={field.measure} />
              <p className="verify-current-line">
                <strong>
                  {field.measure} · {field.title[lang]}
                </strong>{' '}
                – {t(`clerk.verify.decision.${field.effective}`)}
              </p>
              {/* On a low window the list shows only the verdict's kind; the current field's says it in full here. */}
              {field.verdict ? (
                <p className={`verify-current-verdict field-verdict--${field.verdict.kind}`}>
                  {t(`clerk.verify.verdict.${field.verdict.kind}`)}: {field.verdict.text[lang]}
                </p>
              ) : null}
            </div>
          ) : null}
          <p id="field-toggle-hint" className="visually-hidden">
            {t('clerk.verify.toggleHint')}
          </p>
          <p id="field-date-hint" className="visually-hidden">
            {t('clerk.verify.fieldDateHint')}
          </p>
          {/* The page's date above its fields: what every stamped field without a date of its own gets. */}
          <div className="clerk-form-row verify-date">
            <label htmlFor="performed-on">{t('clerk.verify.date')}</label>
            <DateInput id="performed-on" value={date} onChange={setDate} disabled={!editable} onEnter={backToPage} />
          </div>
          {/* Scrolls on a small screen: reachable with the keyboard too. */}
          <ol className="field-list" aria-label={t('clerk.verify.fieldsLabel')} tabIndex={0}>
            {page.fields.map((f, i) => (
              <li key={f.measure} className={`field-item field-item--${f.effective}`} aria-current={i === current ? 'true' : undefined} data-testid={`field-${f.measure}`} data-decision={f.effective}>
                <button
                  type="button"
                  className="field-toggle"
                  disabled={!editable}
                  onClick={() => {
                    setCurrent(i);
                    decide(f, toggled(f));
                  }}
                  aria-describedby="field-toggle-hint"
                >
                  <span className="field-number">{f.measure}</span>
                  <span className="field-title">{f.title[lang]}</span>
                  <span className="field-decision">
                    {t(`clerk.verify.decision.${f.effective}`)}
                    {f.decision ? ` (${t('clerk.verify.byClerk')})` : ` (${Math.round(f.confidence * 100)} %)`}
                  </span>
                </button>
                {f.effective === 'stamped' ? (
                  <span className="field-date">
                    <DateInput
                      ref={(el) => {
                        if (el) fieldDates.current.set(f.measure, el);
                        else fieldDates.current.delete(f.measure);
                      }}
                      aria-label={t('clerk.verify.fieldDate', { measure: f.measure })}
                      aria-describedby="field-date-hint"
                      data-testid={`field-date-${f.measure}`}
                      value={dateDrafts[f.measure] ?? f.performedOn ?? date}
                      disabled={!editable}
                      onFocus={() => setCurrent(i)}
                      onChange={(value) => setDateDrafts((d) => ({ ...d, [f.measure]: value }))}
                      onBlur={() => commitFieldDate(f)}
                      onEnter={() => commitFieldDate(f)}
                      onKeyDown={(e) => {
                        if (e.key !== 'Escape') return;
                        e.preventDefault();
                        e.stopPropagation();
                        backToPage();
                      }}
                    />
                    {f.performedOn ? <span className="field-own-date">{t('clerk.verify.ownDate')}</span> : null}
                  </span>
                ) : null}
                {f.verdict ? (
                  <p className={`field-verdict field-verdict--${f.verdict.kind}`}>
                    <span className="field-verdict-kind">{t(`clerk.verify.verdict.${f.verdict.kind}`)}</span>
                    <span className="field-verdict-text">: {f.verdict.text[lang]}</span>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
          {/* Right under the fields, accepting first: on a low window the fields and this first row must show; the rest may scroll. */}
          <div className="verify-actions">
            <div className="toolbar">
              {page.state === 'verified' ? (
                <Button onClick={reopen}>{t('clerk.verify.reopen')}</Button>
              ) : (
                <Button variant="primary" onClick={accept} disabled={!editable} aria-keyshortcuts="A">
                  {t('clerk.verify.accept')}
                </Button>
              )}
              {page.state === 'error' ? <Button onClick={() => run(client.call.retryClerkPage({ pageId: page.id }))}>{t('clerk.verify.retry')}</Button> : null}
              <Button onClick={flag} disabled={page.state === 'booked'} aria-keyshortcuts="F">
                {page.flagged ? t('clerk.verify.unflag') : t('clerk.verify.flag')}
              </Button>
              <Button onClick={() => setReassigning(true)} disabled={!editable} aria-keyshortcuts="Z">
                {t('clerk.verify.reassign')}
              </Button>
            </div>
            {!page.flagged && page.state !== 'booked' ? (
              <div className="clerk-form-row">
                <label htmlFor="flag-note">{t('clerk.verify.flagNote')}</label>
                <input id="flag-note" value={note} maxLength={300} onChange={(e) => setNote(e.target.value)} />
              </div>
            ) : null}
            {reassigning ? (
              <form
                className="clerk-form-row"
                onKeyDown={(e) => {
                  if (e.key !== 'Escape') return;
                  e.stopPropagation();
                  setReassigning(false);
                  backToPage();
                }}
                onSubmit={(e) => {
                  e.preventDefault();
                  reassign();
                }}
              >
                <label htmlFor="reassign-booklet">{t('clerk.verify.reassignTo')}</label>
                <input id="reassign-booklet" ref={reassignInput} value={bookletId} onChange={(e) => setBookletId(e.target.value)} autoComplete="off" spellCheck={false} />
                <Button type="submit" variant="primary">
                  {t('clerk.verify.reassignConfirm')}
                </Button>
                <Button
                  onClick={() => {
                    setReassigning(false);
                    backToPage();
                  }}
                >
                  {t('clerk.verify.reassignCancel')}
                </Button>
              </form>
            ) : null}
          </div>
        </div>
      </div>
      <ShortcutList expanded={allKeys} onToggle={() => setAllKeys((v) => !v)} />
    </section>
  );
}
