import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkMemberView, LegacyAssignmentView, LegacyPageView } from '../../../../main/contract';
import { LegacyBookAction } from '../legacy/LegacyBookAction';
import { LegacyPageOpener } from '../legacy/LegacyPageOpener';
import { LegacyYearAndEditor } from '../legacy/LegacyPageAssignment';
import { BookletPrint } from './BookletPrint';
import { MemberPicker } from './MemberPicker';
import { MemberSummary } from './MemberSummary';

/**
 * The clerk's work for one member: pick them, see and lift their kiosk sign-in lock, print a
 * new booklet linked to them, or capture a page of an old paper booklet (no marks, no QR code)
 * by assigning its regions by hand.
 */
export function MemberDesk() {
  const { t } = useTranslation();
  const [member, setMember] = useState<ClerkMemberView | null>(null);
  const [legacyPage, setLegacyPage] = useState<LegacyPageView | null>(null);
  const [assignment, setAssignment] = useState<LegacyAssignmentView | null>(null);

  const clear = () => {
    setMember(null);
    setLegacyPage(null);
    setAssignment(null);
  };
  const opened = (page: LegacyPageView) => {
    setLegacyPage(page);
    setAssignment(null);
  };

  return (
    <section className="member-desk" aria-labelledby="member-desk-title" data-testid="member-desk">
      <h2 id="member-desk-title" className="member-desk-title">
        {t('clerkBooklets.title')}
      </h2>
      {member ? (
        <>
          <MemberSummary member={member} onClear={clear} />
          <BookletPrint member={member} />
          <section className="clerk-panel" aria-labelledby="legacy-title" data-testid="legacy-section">
            <h2 id="legacy-title">{t('clerkBooklets.legacy.title')}</h2>
            <p className="hint">{t('clerkBooklets.legacy.intro')}</p>
            <LegacyPageOpener onOpened={opened} />
          </section>
          {legacyPage ? <LegacyYearAndEditor key={legacyPage.pageRef} member={member} pageRef={legacyPage.pageRef} onSaved={setAssignment} /> : null}
          {assignment && assignment.pageRef === legacyPage?.pageRef ? <LegacyBookAction key={assignment.assignedAt} assignment={assignment} /> : null}
        </>
      ) : (
        <MemberPicker onPicked={setMember} />
      )}
    </section>
  );
}
