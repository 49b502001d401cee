import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkMemberView, LegacyAssignmentView } from '../../../../main/contract';
import { programFor } from '../../../../main/domain';
import { useToday } from '../../app/station-context';
import { yearOf } from '../../app/today';
import { Button } from '../../ui/Button';
import { MemberPicker } from '../member/MemberPicker';
import { MemberSummary } from '../member/MemberSummary';
import { LegacyRegionEditor } from './LegacyRegionEditor';

/**
 * For a page without corner marks and QR code in the batch queue: pick the member, choose the
 * booklet's year (and an earlier page's legacy booklet of the same member), then assign the
 * regions. Mount it with the page's id: `<LegacyPageAssignment pageRef={page.id} onSaved={…} />`.
 */
export function LegacyPageAssignment({ pageRef, onSaved }: { pageRef: string; onSaved?: (assignment: LegacyAssignmentView) => void }) {
  const { t } = useTranslation();
  const [member, setMember] = useState<ClerkMemberView | null>(null);
  if (!member) return <MemberPicker onPicked={setMember} />;
  return (
    <>
      <MemberSummary member={member} onClear={() => setMember(null)} />
      <LegacyYearAndEditor member={member} pageRef={pageRef} onSaved={onSaved} />
      <p className="hint">{t('clerkBooklets.legacy.assignHint')}</p>
    </>
  );
}

/** Year and legacy booklet choice for the picked member, then the region editor. */
export function LegacyYearAndEditor({ member, pageRef, onSaved }: { member: ClerkMemberView; pageRef: string; onSaved?: (assignment: LegacyAssignmentView) => void }) {
  const { t } = useTranslation();
  const yearId = useId();
  const bookletId = useId();
  const thisYear = yearOf(useToday());
  const [year, setYear] = useState(thisYear);
  const legacyBooklets = member.booklets.filter((b) => b.legacy && b.year === year);
  const [booklet, setBooklet] = useState('');
  const [editing, setEditing] = useState(false);
  if (!editing) {
    return (
      <div className="clerk-panel clerk-form-row" data-testid="legacy-year">
        <label htmlFor={yearId}>{t('clerkBooklets.legacy.year')}</label>
        <select id={yearId} value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {[0, 1, 2, 3, 4, 5].map((back) => (
            <option key={back} value={thisYear - back}>
              {thisYear - back}
            </option>
          ))}
        </select>
        {legacyBooklets.length > 0 ? (
          <>
            <label htmlFor={bookletId}>{t('clerkBooklets.legacy.booklet')}</label>
            <select id={bookletId} value={booklet} onChange={(e) => setBooklet(e.target.value)}>
              <option value="">{t('clerkBooklets.legacy.newBooklet')}</option>
              {legacyBooklets.map((b) => (
                <option key={b.bookletId} value={b.bookletId}>
                  {b.bookletId}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <Button variant="primary" onClick={() => setEditing(true)}>
          {t('clerkBooklets.legacy.start')}
        </Button>
      </div>
    );
  }
  // §1: the program of another year follows the age on its first day, as the station decides it.
  const program = year === thisYear ? member.program : programFor(member.birthDate, `${year}-01-01`);
  return <LegacyRegionEditor pageRef={pageRef} pickId={member.pickId} program={program} year={year} {...(booklet ? { bookletId: booklet } : {})} onSaved={onSaved} />;
}

