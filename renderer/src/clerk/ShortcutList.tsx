import { useTranslation } from 'react-i18next';

const shortcuts = [
  ['↑ ↓', 'choose'],
  ['Space', 'toggle'],
  ['S', 'stamped'],
  ['L', 'empty'],
  ['U', 'unsure'],
  ['D', 'date'],
  ['A', 'accept'],
  ['F', 'flag'],
  ['Z', 'reassign'],
  ['N', 'next'],
  ['P', 'previous'],
  ['Esc', 'leave'],
  ['+ − 0', 'zoom'],
  ['⇧ ←↑↓→', 'pan'],
] as const;

/** The verification keys, always on screen. */
export function ShortcutList() {
  const { t } = useTranslation();
  return (
    <section className="shortcut-list" aria-labelledby="shortcut-heading" data-testid="shortcuts">
      <h3 id="shortcut-heading">{t('clerk.shortcuts.title')}</h3>
      <dl>
        {shortcuts.map(([key, action]) => (
          <div key={action} className="shortcut">
            <dt>
              <kbd>{key === 'Space' ? t('clerk.shortcuts.space') : key}</kbd>
            </dt>
            <dd>{t(`clerk.shortcuts.${action}`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
