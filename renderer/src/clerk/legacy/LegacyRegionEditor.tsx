import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ContractError, type LegacyAssignmentView, type LegacyPageView, type LegacyRegionProposal } from '../../../../main/contract';
import { bookletOf, catalogFor, ruleSet2026 } from '../../../../main/domain';
import { useStation, useToday } from '../../app/station-context';
import { defaultStampDate } from '../../app/today';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useErrorText } from '../../ui/use-error-text';
import { Busy } from '../member/Busy';
import { moveByKey, spanned, type ShareRect } from './region-keys';
import '../member/member.css';
import { DateInput } from '../../ui/DateInput';

interface Region {
  key: number;
  measure: number;
  rect: ShareRect;
  proposal: LegacyRegionProposal | null;
  final: 'stamped' | 'empty' | '';
  /** This stamp's own date; '' for the page's date. */
  date: string;
}

export interface LegacyRegionEditorProps {
  /** A page of the batch queue (clerk_page id) or one opened at the desk (clerkOpenLegacyPage). */
  pageRef: string;
  /** The picked member (ClerkMemberView.pickId) whose legacy booklet this page is. */
  pickId: string;
  program: 'adult' | 'child';
  year: number;
  /** An earlier page's legacy booklet id of the same member and year, to add this page to it. */
  bookletId?: string;
  onSaved?: (assignment: LegacyAssignmentView) => void;
}

/**
 * A legacy booklet page (no corner marks, no QR code): the clerk draws a rectangle per measure
 * on the straightened page, or adds one and moves it with the arrow keys (Shift: size), picks
 * the measure from the list, lets the station measure the ink (stamped / empty / unsure with
 * confidence) and decides each region. Unsure regions are never decided for the clerk.
 */
export function LegacyRegionEditor({ pageRef, pickId, program, year, bookletId, onSaved }: LegacyRegionEditorProps) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const today = useToday();
  const errorText = useErrorText();
  const helpId = useId();
  const svgRef = useRef<SVGSVGElement>(null);
  const nextKey = useRef(1);
  const [page, setPage] = useState<LegacyPageView | null>(null);
  const [regions, setRegions] = useState<Region[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ from: { x: number; y: number }; to: { x: number; y: number } } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<LegacyAssignmentView | null>(null);
  const [pageDate, setPageDate] = useState(() => defaultStampDate(today, year));
  const pageDateId = useId();
  const titleId = useId();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const measures = useMemo(() => bookletOf(catalogFor(`${year}-12-31`) ?? ruleSet2026, program), [year, program]);

  useEffect(() => {
    setPage(null);
    setRegions([]);
    setSaved(null);
    client.call.clerkGetLegacyPage({ pageRef }).then(
      (loaded) => {
        setPage(loaded);
        // A page assigned before (reopened to correct it): its regions, decisions and dates to start from.
        const earlier = loaded.assignment;
        if (earlier && !earlier.booked && earlier.bookletId === (bookletId ?? earlier.bookletId)) {
          setRegions(earlier.regions.map((r) => ({ key: nextKey.current++, measure: r.measure, rect: r.rect, proposal: r, final: r.final, date: r.performedOn ?? '' })));
          if (earlier.performedOn?.startsWith(`${year}-`)) setPageDate(earlier.performedOn);
        } else if (loaded.layout) {
          // A form drawn before: its fields placed and measured; sure proposals preset, unsure ones left to the clerk.
          setRegions(loaded.layout.regions.map((r) => ({ key: nextKey.current++, measure: r.measure, rect: r.rect, proposal: r, final: r.decision === 'unsure' ? '' : r.decision, date: '' })));
        }
      },
      (e: unknown) => setError(errorText(e)),
    );
    // Loaded once per page; the year and booklet chosen before the editor opened stay as they are.
  }, [client, pageRef, errorText]);

  const freeMeasure = (taken: Region[]) => measures.find((m) => !taken.some((r) => r.measure === m.number))?.number ?? measures[0]?.number ?? 1;

  const add = (rect: ShareRect) => {
    const key = nextKey.current++;
    setRegions((rs) => [...rs, { key, measure: freeMeasure(rs), rect, proposal: null, final: '', date: '' }]);
    setSelected(key);
    setSaved(null);
  };
  const update = (key: number, change: Partial<Region>) => {
    setRegions((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));
    setSaved(null);
  };
  const remove = (key: number) => setRegions((rs) => rs.filter((r) => r.key !== key));

  const pointAt = (e: PointerEvent<SVGSVGElement>) => {
    const box = svgRef.current!.getBoundingClientRect();
    return { x: Math.min(1, Math.max(0, (e.clientX - box.left) / box.width)), y: Math.min(1, Math.max(0, (e.clientY - box.top) / box.height)) };
  };
  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    svgRef.current?.setPointerCapture?.(e.pointerId);
    const p = pointAt(e);
    setDrag({ from: p, to: p });
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    if (drag) setDrag({ ...drag, to: pointAt(e) });
  };
  const onPointerUp = () => {
    if (!drag) return;
    const rect = spanned(drag.from, drag.to);
    setDrag(null);
    // A click is not a region: at least 2 % of the page each way.
    if (Math.abs(drag.from.x - drag.to.x) >= 0.02 && Math.abs(drag.from.y - drag.to.y) >= 0.02) add(rect);
  };

  const onHandleKey = (region: Region, e: KeyboardEvent<HTMLButtonElement>) => {
    const moved = moveByKey(region.rect, e.key, e.shiftKey);
    if (moved) {
      e.preventDefault();
      update(region.key, { rect: moved, proposal: null });
    } else if (e.key === 'Delete') {
      e.preventDefault();
      remove(region.key);
    }
  };

  const measure = async () => {
    setBusy(t('clerkBooklets.legacy.measuring'));
    setError(undefined);
    try {
      const { regions: proposals } = await client.call.clerkMeasureLegacyRegions({ pageRef, regions: regions.map((r) => ({ measure: r.measure, rect: r.rect })) });
      setRegions((rs) => rs.map((r, i) => ({ ...r, proposal: proposals[i] ?? null, final: r.final || (proposals[i] && proposals[i].decision !== 'unsure' ? proposals[i].decision : '') })));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    setBusy(t('clerkBooklets.legacy.saving'));
    setError(undefined);
    try {
      const result = await client.call.clerkSaveLegacyAssignment({
        pageRef,
        pickId,
        year,
        ...(bookletId ? { bookletId } : {}),
        performedOn: pageDate,
        regions: regions.map((r) => ({ measure: r.measure, rect: r.rect, final: r.final as 'stamped' | 'empty', ...(r.date && r.date !== pageDate ? { performedOn: r.date } : {}) })),
      });
      setSaved(result);
      onSaved?.(result);
    } catch (err) {
      setError(err instanceof ContractError && err.code === 'invalid_input' && err.fields?.some((f) => f === 'performedOn' || f === 'regions') ? t('clerk.verify.dateInvalid', { year }) : errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const duplicate = new Set(regions.map((r) => r.measure)).size !== regions.length;
  const undecided = regions.some((r) => r.final === '');
  const draft = drag ? spanned(drag.from, drag.to) : null;

  if (!page) return <Busy label={error ? null : t('clerkBooklets.legacy.loading')} />;
  const { width, height } = page.imageSize;
  return (
    <section className="clerk-panel legacy-editor" aria-labelledby={titleId} data-testid="legacy-editor">
      <h2 id={titleId}>{t('clerkBooklets.legacy.editorTitle')}</h2>
      <p className="hint" id={helpId}>
        {t('clerkBooklets.legacy.help')}
      </p>
      {page.layout && !page.assignment ? (
        <p className="notice-ok" role="status" data-testid="legacy-layout-placed">
          {t('clerkBooklets.legacy.layoutPlaced', { count: page.layout.regions.length })}
        </p>
      ) : null}
      <div className="legacy-layout">
        <svg
          ref={svgRef}
          className="page-image legacy-image"
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={t('clerkBooklets.legacy.imageLabel')}
          data-testid="legacy-image"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
        >
          <image href={page.image} x={0} y={0} width={width} height={height} />
          {regions.map((r) => {
            const decision = r.final || r.proposal?.decision || 'none';
            return (
              <g key={r.key} className={`field-overlay ${decision === 'none' ? 'legacy-region--none' : `field-overlay--${decision}`}${r.key === selected ? ' field-overlay--current' : ''}`} data-testid={`legacy-region-${r.measure}`}>
                <rect x={r.rect.x * width} y={r.rect.y * height} width={r.rect.width * width} height={r.rect.height * height} />
                <text x={r.rect.x * width + 6} y={r.rect.y * height + 22}>
                  {r.measure}
                </text>
              </g>
            );
          })}
          {draft ? <rect className="legacy-draft" x={draft.x * width} y={draft.y * height} width={draft.width * width} height={draft.height * height} /> : null}
        </svg>
        <div>
          <Button onClick={() => add({ x: 0.1, y: 0.1, width: 0.55, height: 0.12 })}>{t('clerkBooklets.legacy.addRegion')}</Button>
          <ol className="legacy-region-list" data-testid="legacy-region-list">
            {regions.map((r, index) => (
              <LegacyRegionRow
                key={r.key}
                region={r}
                index={index}
                current={r.key === selected}
                measures={measures.map((m) => ({ number: m.number, title: m.title[lang] }))}
                helpId={helpId}
                onSelect={() => setSelected(r.key)}
                onKey={(e) => onHandleKey(r, e)}
                onChange={(change) => update(r.key, change)}
                onRemove={() => remove(r.key)}
              />
            ))}
          </ol>
          {duplicate ? <ErrorAlert message={t('clerkBooklets.legacy.duplicate')} /> : null}
          <div className="clerk-form-row">
            <label htmlFor={pageDateId}>{t('clerkBooklets.legacy.pageDate')}</label>
            <DateInput id={pageDateId} value={pageDate} onChange={setPageDate} />
          </div>
          <div className="clerk-form-row">
            <Button onClick={() => void measure()} disabled={regions.length === 0 || busy !== null}>
              {t('clerkBooklets.legacy.measure')}
            </Button>
            <Button variant="primary" onClick={() => void save()} disabled={regions.length === 0 || undecided || duplicate || busy !== null}>
              {t('clerkBooklets.legacy.save')}
            </Button>
          </div>
          {undecided && regions.length > 0 ? <p className="hint">{t('clerkBooklets.legacy.decideAll')}</p> : null}
          <Busy label={busy} />
          <ErrorAlert message={error} />
          {saved ? (
            <p className="notice-ok" role="status" data-testid="legacy-saved">
              {t('clerkBooklets.legacy.saved', { count: saved.regions.length, id: saved.bookletId })}
            </p>
          ) : null}
        </div>
      </div>
    </section>
  );
}

function LegacyRegionRow(props: {
  region: Region;
  index: number;
  current: boolean;
  measures: { number: number; title: string }[];
  helpId: string;
  onSelect: () => void;
  onKey: (e: KeyboardEvent<HTMLButtonElement>) => void;
  onChange: (change: Partial<Region>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const { region: r } = props;
  const measureId = useId();
  const finalId = useId();
  const dateId = useId();
  const p = r.proposal;
  return (
    <li className="legacy-region-row" aria-current={props.current ? 'true' : undefined} data-testid={`legacy-row-${props.index + 1}`}>
      <button type="button" className="legacy-handle" aria-describedby={props.helpId} onFocus={props.onSelect} onClick={props.onSelect} onKeyDown={props.onKey}>
        {t('clerkBooklets.legacy.handle', { n: props.index + 1, measure: r.measure })}
      </button>
      <label htmlFor={measureId}>{t('clerkBooklets.legacy.measureLabel')}</label>
      <select id={measureId} value={r.measure} onChange={(e) => props.onChange({ measure: Number(e.target.value), proposal: null })}>
        {props.measures.map((m) => (
          <option key={m.number} value={m.number}>
            {t('clerkBooklets.legacy.measureOption', { number: m.number, title: m.title })}
          </option>
        ))}
      </select>
      <p className="legacy-proposal" data-testid="legacy-proposal">
        {p ? t('clerkBooklets.legacy.proposal', { decision: t(`clerk.verify.decision.${p.decision}`), confidence: Math.round(p.confidence * 100) }) : t('clerkBooklets.legacy.notMeasured')}
      </p>
      <label htmlFor={finalId}>{t('clerkBooklets.legacy.final')}</label>
      <select id={finalId} value={r.final} onChange={(e) => props.onChange({ final: e.target.value as Region['final'] })} data-testid="legacy-final">
        <option value="">{t('clerkBooklets.legacy.undecided')}</option>
        <option value="stamped">{t('clerk.verify.decision.stamped')}</option>
        <option value="empty">{t('clerk.verify.decision.empty')}</option>
      </select>
      {r.final === 'stamped' ? (
        <>
          <label htmlFor={dateId}>{t('clerkBooklets.legacy.regionDate')}</label>
          <DateInput id={dateId} value={r.date} onChange={(date) => props.onChange({ date })} data-testid="legacy-region-date" />
        </>
      ) : null}
      <Button onClick={props.onRemove}>{t('clerkBooklets.legacy.remove')}</Button>
    </li>
  );
}
