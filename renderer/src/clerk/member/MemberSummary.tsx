import { useTranslation } from 'react-i18next';
import type { ClerkMemberView } from '../../../../main/contract';
import { useFormat } from '../../i18n/format';
import { Button } from '../../ui/Button';
import { KioskLock } from './KioskLock';

/** Who is picked: name (from card or service) or KVNR, birth date, program by age, where the pick came from, and their kiosk lock. */
export function MemberSummary({ member, onClear }: { member: ClerkMemberView; onClear: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="clerk-panel member-summary" aria-labelledby="member-summary-title" data-testid="picked-member">
      <h2 id="member-summary-title">{t('clerkBooklets.member.title')}</h2>
      <dl className="member-facts">
        <dt>{t('clerkBooklets.member.name')}</dt>
        <dd>{member.displayName ?? t('clerkBooklets.member.noName')}</dd>
        <dt>{t('clerkBooklets.pick.kvnr')}</dt>
        <dd data-testid="picked-kvnr">{member.kvnr}</dd>
        <dt>{t('clerkBooklets.pick.birthDate')}</dt>
        <dd>{format.date(member.birthDate)}</dd>
        <dt>{t('clerkBooklets.member.program')}</dt>
        <dd data-testid="picked-program">{t(`clerkBooklets.program.${member.program}`)}</dd>
        <dt>{t('clerkBooklets.member.source')}</dt>
        <dd>{t(`clerkBooklets.source.${member.source}`)}</dd>
      </dl>
      <KioskLock member={member}>
        <Button onClick={onClear}>{t('clerkBooklets.member.clear')}</Button>
      </KioskLock>
    </section>
  );
}
