import { useLayoutEffect, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useStationEvent } from '../app/station-context';
import { DisplayPrefsProvider } from './frame/display-prefs';
import { KioskScreen } from './frame/KioskScreen';
import { ApproveInApp } from './ApproveInApp';
import { CardMessage } from './CardMessage';
import { IdentifyForm } from './IdentifyForm';
import { KioskStart } from './KioskStart';
import { MemberArea } from './MemberArea';
import { useFormat } from '../i18n/format';

/**
 * The kiosk follows main's kioskState. The member area is keyed by the session, so everything
 * it holds is unmounted and gone the moment the session ends or the card leaves the reader.
 */
export function KioskApp() {
  const state = useStationEvent('kioskState');
  // The display switches last until the card is out: every return to the idle screen resets them.
  const cardOuts = useRef(0);
  const lastStage = useRef(state?.stage);
  if (state?.stage !== lastStage.current) {
    if (state?.stage === 'idle' && lastStage.current !== undefined) cardOuts.current += 1;
    lastStage.current = state?.stage;
  }
  return (
    <DisplayPrefsProvider resetKey={cardOuts.current}>
      <KioskStage state={state} />
    </DisplayPrefsProvider>
  );
}

function KioskStage({ state }: { state: ReturnType<typeof useStationEvent<'kioskState'>> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const memberShown = state?.stage === 'member';
  const [, renderAgain] = useReducer((n: number) => n + 1, 0);
  useLayoutEffect(() => {
    // React keeps the previous render in its second fiber buffer: right after the member leaves,
    // this component's other buffer still holds the member's kioskState (name included) until
    // it renders once more. When 'ended' and 'idle' arrive in one task they make one render, so
    // render once more on purpose and leave nothing of the person reachable in the page. A layout
    // effect, so that the second render happens in the same task as the first, before the idle
    // screen is painted: a passive effect ran a task later, and in between the idle screen was up
    // with the name still reachable (test/e2e/kiosk-pull.spec.ts looks at exactly that moment).
    if (!memberShown) renderAgain();
  }, [memberShown]);
  const time = format.time;

  switch (state?.stage) {
    case undefined:
    case 'idle':
      return <KioskStart />;
    case 'reading':
      return <CardMessage title={t('kiosk.reading')} busy />;
    case 'rejected':
      // The reason only: before the second factor the screen names no dates and no insurer of the card.
      return <CardMessage title={t(`kiosk.rejected.${state.reason}.title`)} text={t(`kiosk.rejected.${state.reason}.text`)} removeCard={state.reason !== 'removed-during-read'} />;
    case 'identify':
      return (
        <KioskScreen title={t('kiosk.identify.title')}>
          <IdentifyForm factor={state.factor} attemptsLeft={state.attemptsLeft} check={state.check} />
        </KioskScreen>
      );
    case 'approve':
      return (
        <KioskScreen title={t('kiosk.approve.title')}>
          <ApproveInApp code={state.code} qr={state.qr} until={state.until} />
        </KioskScreen>
      );
    case 'locked':
      // Locked by the insurer (every kiosk): a clerk at the branch helps; locked here only: try again later.
      return <CardMessage title={t('kiosk.locked.title')} text={state.askClerk ? t('kiosk.locked.clerkText', { date: format.date(state.until.slice(0, 10)), time: time(state.until) }) : t('kiosk.locked.text', { time: time(state.until) })} removeCard />;
    case 'child-card':
      return <CardMessage title={t('kiosk.child.insertTitle')} text={t('kiosk.child.insertText', { time: time(state.until) })} />;
    case 'ended':
      return <CardMessage title={t(`kiosk.ended.${state.reason}`)} removeCard />;
    case 'member':
      return (
        <MemberArea
          key={state.sessionId}
          displayName={state.displayName}
          expiresAt={state.expiresAt}
          mayOpenChild={state.mayOpenChild}
          notifications={state.notifications}
          memberState={state.memberState}
          reduced={state.identityCheck === 'card'}
          {...(state.representativeName ? { representativeName: state.representativeName } : {})}
        />
      );
  }
}
