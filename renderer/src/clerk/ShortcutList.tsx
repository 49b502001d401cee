import { useTranslation } from 'react-i18next';

/** The keys of the verifier; the first ones (the fast path: choose, decide, accept) stay on screen when the legend is folded. */
const shortcuts = [
  ['↑ ↓', 'choose', true],
  ['Space', 'toggle', true],
  ['A', 'accept', true],
  ['S', 'stamped', false],
  ['L', 'empty', false],
  ['U', 'unsure', false],
  ['D', 'date', false],
  ['F', 'flag', false],
  ['Z', 'reassign', false],
  ['N', 'next', false],
  ['P', 'previous', false],
  ['Esc', 'leave', false],
  ['+ − 0', 'zoom', false],
  ['⇧ ←↑↓→', 'pan', false],
] as const;

/**
 * The verification keys, always on screen. On a low window (1366×768) the legend is one line,
 * the fast path's keys and a button (or ?) that unfolds all of them; on a tall one all show and
 * the button is not needed (the stylesheet decides, by the window's height).
 */
export function ShortcutList({ expanded, onToggle }: { expanded: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="shortcut-list" aria-labelledby="shortcut-heading" data-testid="shortcuts" data-expanded={expanded}>
      <h3 id="shortcut-heading">{t('clerk.shortcuts.title')}</h3>
      <dl id="shortcut-keys">
        {shortcuts.map(([key, action, always]) => (
          <div key={action} className={always ? 'shortcut' : 'shortcut shortcut--more'}>
            <dt>
              <kbd>{key === 'Space' ? t('clerk.shortcuts.space') : key}</kbd>
            </dt>
            <dd>{t(`clerk.shortcuts.${action}`)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="shortcut-toggle" aria-expanded={expanded} aria-controls="shortcut-keys" aria-keyshortcuts="?" onClick={onToggle} data-testid="shortcuts-toggle">
        <kbd>?</kbd> {expanded ? t('clerk.shortcuts.fewer') : t('clerk.shortcuts.all')}
      </button>
    </section>
  );
}
