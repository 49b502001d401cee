import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import { ClaimInfo, DecisionResult, Ok, ReasonList, SubmissionDetail, type BoDecisionRequest } from '../../../backoffice/api';
import { call, CallError } from '../api';
import { texts, useI18n, type TextKey } from '../i18n';
import { EvidenceViewer } from './EvidenceViewer';

type Choice = { decision: 'accepted' | 'rejected'; reason?: string };
type Reasons = z.infer<typeof ReasonList>['reasons'];

/**
 * One submission, keyboard-first: A accepts every record, Enter sends (two keys for an accepted
 * submission); ↑/↓ pick a record, Space accepts it, R rejects it and 1–9 pick the reason the
 * member will read; N writes an internal note; +/− zoom the evidence; Esc goes back. The page
 * claims the submission on opening, so nobody else decides it meanwhile.
 */
/** A measure title may break after each slash ("Sportverein/Fitnessstudio/…") rather than inside a word. */
function breakable(text: string) {
  return text.split('/').map((part, i, all) => (i < all.length - 1 ? <Fragment key={i}>{part}/<wbr /></Fragment> : <Fragment key={i}>{part}</Fragment>));
}

export function ReviewPage({ id, go, onSignedOut }: { id: string; go: (to: string) => void; onSignedOut: () => void }) {
  const { t, lang, date, dateTime, measure, reason, finding } = useI18n();
  const [detail, setDetail] = useState<SubmissionDetail | null>(null);
  const [reasons, setReasons] = useState<Reasons>([]);
  const [choices, setChoices] = useState<Map<number, Choice>>(new Map());
  const [whole, setWhole] = useState<Choice | null>(null);
  const [selected, setSelected] = useState(0);
  const [note, setNote] = useState('');
  const [zoom, setZoom] = useState(1);
  const [claimError, setClaimError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const reasonRefs = useRef(new Map<number, HTMLSelectElement>());
  const wholeReasonRef = useRef<HTMLSelectElement>(null);

  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof CallError && e.status === 401) onSignedOut();
      else setError(e instanceof Error ? e.message : String(e));
    },
    [onSignedOut],
  );

  useEffect(() => {
    let live = true;
    setDetail(null);
    setChoices(new Map());
    setWhole(null);
    setSelected(0);
    setNote('');
    setError(null);
    setClaimError(null);
    (async () => {
      try {
        await call('POST', `/review/submissions/${id}/claim`, ClaimInfo);
      } catch (e) {
        if (e instanceof CallError && e.status === 409) setClaimError(e.message);
        else if (e instanceof CallError && e.status === 401) return onSignedOut();
      }
      const [d, r] = await Promise.all([call('GET', `/review/submissions/${id}`, SubmissionDetail), call('GET', '/review/reasons', ReasonList)]);
      if (!live) return;
      setDetail(d);
      setReasons(r.reasons);
    })().catch(fail);
    return () => {
      live = false;
    };
  }, [id, fail, onSignedOut]);

  const records = useMemo(() => detail?.payload.measures ?? [], [detail]);
  const canDecide = detail !== null && detail.state === 'received' && claimError === null && !sending;
  const complete = records.length === 0 ? whole !== null && (whole.decision === 'accepted' || whole.reason !== undefined) : records.every((r) => {
    const c = choices.get(r.measure);
    return c !== undefined && (c.decision === 'accepted' || c.reason !== undefined);
  });

  const choose = useCallback((measureNo: number, choice: Choice) => setChoices((old) => new Map(old).set(measureNo, choice)), []);
  const acceptAll = useCallback(() => {
    if (records.length === 0) setWhole({ decision: 'accepted' });
    else setChoices(new Map(records.map((r) => [r.measure, { decision: 'accepted' as const }])));
  }, [records]);

  const send = useCallback(async () => {
    if (!detail || !canDecide || !complete) return;
    setSending(true);
    const body: BoDecisionRequest =
      records.length === 0
        ? { fields: [], whole: whole!.decision, ...(whole!.reason ? { reason: whole!.reason } : {}), ...(note.trim() ? { note: note.trim() } : {}) }
        : { fields: records.map((r) => ({ measure: r.measure, ...choices.get(r.measure)! })), ...(note.trim() ? { note: note.trim() } : {}) };
    try {
      const result = await call('POST', `/review/submissions/${detail.id}/decision`, DecisionResult, body);
      go(result.next ? `/review/${result.next}` : '/queue');
    } catch (e) {
      fail(e);
    } finally {
      setSending(false);
    }
  }, [detail, canDecide, complete, records, whole, note, choices, go, fail]);

  const back = useCallback(() => {
    void call('DELETE', `/review/submissions/${id}/claim`, Ok).catch(() => undefined);
    go('/queue');
  }, [id, go]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      const typing = target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement;
      if (event.key === 'Escape') {
        if (typing || target instanceof HTMLSelectElement) (target as HTMLElement).blur();
        else back();
        return;
      }
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      const current = records[selected];
      const key = event.key;
      const inSelect = target instanceof HTMLSelectElement;
      // Digits pick the reason of the record being rejected (also while its list has the focus).
      if (/^[1-9]$/.test(key)) {
        const picked = reasons[Number(key) - 1];
        if (!picked) return;
        event.preventDefault();
        if (records.length === 0 && whole?.decision === 'rejected') setWhole({ decision: 'rejected', reason: picked.code });
        else if (current && choices.get(current.measure)?.decision === 'rejected') choose(current.measure, { decision: 'rejected', reason: picked.code });
        (target as HTMLElement).blur?.();
        return;
      }
      if (inSelect && (key === 'ArrowUp' || key === 'ArrowDown' || key === ' ')) return;
      if (key === 'a' || key === 'A') {
        event.preventDefault();
        acceptAll();
      } else if (key === 'Enter' && !(target instanceof HTMLButtonElement) && !(target instanceof HTMLAnchorElement)) {
        event.preventDefault();
        void send();
      } else if (key === 'ArrowDown' || key === 'j') {
        event.preventDefault();
        setSelected((s) => Math.min(s + 1, Math.max(records.length - 1, 0)));
      } else if (key === 'ArrowUp' || key === 'k') {
        event.preventDefault();
        setSelected((s) => Math.max(s - 1, 0));
      } else if (key === ' ' && !(target instanceof HTMLButtonElement)) {
        event.preventDefault();
        if (current) choose(current.measure, { decision: 'accepted' });
        else if (records.length === 0) setWhole({ decision: 'accepted' });
      } else if (key === 'r' || key === 'R') {
        event.preventDefault();
        if (current) {
          choose(current.measure, { decision: 'rejected' });
          setTimeout(() => reasonRefs.current.get(current.measure)?.focus(), 0);
        } else if (records.length === 0) {
          setWhole({ decision: 'rejected' });
          setTimeout(() => wholeReasonRef.current?.focus(), 0);
        }
      } else if (key === 'n' || key === 'N') {
        event.preventDefault();
        noteRef.current?.focus();
      } else if (key === '+' || key === '=') {
        setZoom((z) => Math.min(z * 1.25, 4));
      } else if (key === '-') {
        setZoom((z) => Math.max(z / 1.25, 0.5));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [records, selected, reasons, choices, whole, acceptAll, send, back, choose]);

  if (!detail) {
    return error ? (
      <p role="alert" className="error">
        {error}
      </p>
    ) : (
      <p className="busy">{t('busy')}</p>
    );
  }

  const current = records[selected];
  const reasonSelect = (value: string | undefined, onPick: (code: string) => void, label: string, ref: (el: HTMLSelectElement | null) => void) => (
    <label className="reason">
      {label}
      <select ref={ref} value={value ?? ''} onChange={(e) => onPick(e.target.value)} required>
        <option value="">{t('chooseReason')}</option>
        {reasons.map((r, i) => (
          <option key={r.code} value={r.code}>
            {i + 1}. {lang === 'de' ? r.de : r.en}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="review" aria-labelledby="review-title">
      <div className="title-row">
        <h1 id="review-title">
          {t('reviewTitle')}: {t(`kind_${detail.kind}` as TextKey)} {detail.participationYear}
        </h1>
        <button type="button" onClick={back}>
          {t('backToQueue')}
        </button>
      </div>
      <p className="meta">
        <strong>{t('member')}:</strong> {detail.member.name ?? t('unknownMember')} · {detail.member.kvnr}
        {detail.member.birthDate && ` · ${t('born')} ${date(detail.member.birthDate)}`} · {detail.stationId}
        {detail.branch && ` (${detail.branch})`} · {t('colReceived')} {dateTime(detail.receivedAt)}
      </p>
      {claimError && (
        <p role="alert" className="error">
          {claimError}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p className="keys">{t('keys')}</p>
      <div className="review-grid">
        <div className="records">
          <h2>{t('records')}</h2>
          {records.length === 0 ? (
            <div className="record selected">
              <p>{t('wholeSubmission')}</p>
              <p>
                {t('findingsOf')}: {detail.evaluation.findings.length === 0 ? t('ruleOk') : detail.evaluation.findings.map(finding).join(', ')}
              </p>
              <div className="choice" role="group" aria-label={t(`kind_${detail.kind}` as TextKey)}>
                <button type="button" aria-pressed={whole?.decision === 'accepted'} onClick={() => setWhole({ decision: 'accepted' })} disabled={!canDecide}>
                  {t('accept')}
                </button>
                <button type="button" aria-pressed={whole?.decision === 'rejected'} onClick={() => setWhole({ decision: 'rejected' })} disabled={!canDecide}>
                  {t('reject')}
                </button>
              </div>
              {whole?.decision === 'rejected' && reasonSelect(whole.reason, (code) => setWhole({ decision: 'rejected', ...(code ? { reason: code } : {}) }), t('reason'), (el) => void (wholeReasonRef.current = el))}
            </div>
          ) : (
            <ol>
              {records.map((r, i) => {
                const verdict = detail.verdicts.find((v) => v.measure === r.measure);
                const choice = choices.get(r.measure);
                return (
                  <li key={r.measure} className={`record${i === selected ? ' selected' : ''}`} data-testid={`record-${r.measure}`} aria-current={i === selected ? 'true' : undefined} onClick={() => setSelected(i)}>
                    <h3>{breakable(measure(r.measure))}</h3>
                    <p>
                      {t('performedOn')} {date(r.performedOn)} · {[...new Set(r.evidence.map((e) => t(`ev_${e.kind}` as TextKey)))].join(', ')}
                    </p>
                    <p className={verdict?.verdict === 'finding' ? 'finding' : 'ok'}>{verdict && verdict.findings.length > 0 ? verdict.findings.map((f) => reason(f, r.measure)).join(' ') : t('verdictOk')}</p>
                    <div className="choice" role="group" aria-label={measure(r.measure)}>
                      <button type="button" aria-pressed={choice?.decision === 'accepted'} onClick={() => choose(r.measure, { decision: 'accepted' })} disabled={!canDecide}>
                        {t('accept')}
                      </button>
                      <button type="button" aria-pressed={choice?.decision === 'rejected'} onClick={() => choose(r.measure, { decision: 'rejected' })} disabled={!canDecide}>
                        {t('reject')}
                      </button>
                      <span className="state">{choice ? t(choice.decision) : t('undecided')}</span>
                    </div>
                    {choice?.decision === 'rejected' &&
                      reasonSelect(choice.reason, (code) => choose(r.measure, { decision: 'rejected', ...(code ? { reason: code } : {}) }), `${t('reason')}: ${r.measure}`, (el) => {
                        if (el) reasonRefs.current.set(r.measure, el);
                        else reasonRefs.current.delete(r.measure);
                      })}
                  </li>
                );
              })}
            </ol>
          )}
          <label className="note">
            {t('note')}
            <textarea ref={noteRef} value={note} maxLength={500} rows={2} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="send-row">
            <button type="button" onClick={acceptAll} disabled={!canDecide}>
              {t('acceptAll')}
            </button>
            <button type="button" className="primary" onClick={() => void send()} disabled={!canDecide || !complete}>
              {t('send')}
            </button>
          </div>
        </div>
        <EvidenceViewer submissionId={detail.id} evidence={current?.evidence ?? []} zoom={zoom} setZoom={setZoom} onError={fail} />
        <aside className="booklet" aria-labelledby="booklet-title">
          <h2 id="booklet-title">{t('booklet', { year: detail.booklet.year })}</h2>
          {!detail.booklet.participating && <p className="finding">{t('notParticipating')}</p>}
          <ul>
            {detail.booklet.fields.map((f) => (
              <li key={f.measure} className={`field ${f.state}`}>
                <span>{breakable(measure(f.measure))}</span> <span className="state">{t(`field_${f.state}` as TextKey)}</span>
              </li>
            ))}
          </ul>
          {detail.decisions.length > 0 && (
            <>
              <h2>{t('decisions')}</h2>
              <ul>
                {detail.decisions.map((d) => (
                  <li key={d.decidedAt}>
                    {dateTime(d.decidedAt)} · {d.reviewer} · {d.decision in texts ? t(d.decision as TextKey) : d.decision}
                    {d.reason && ` · ${d.reason}`}
                  </li>
                ))}
              </ul>
            </>
          )}
        </aside>
      </div>
    </section>
  );
}
