import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { Dialog } from './Dialog';

/**
 * A list that keeps its place on a screen that must not scroll: the first few items, and the
 * rest behind "show all" in a panel.
 */
export function CappedList<T>({ items, max, render, keyOf, title, className }: { items: T[]; max: number; render: (item: T) => ReactNode; keyOf: (item: T) => string; title: string; className?: string }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = items.length > max ? items.slice(0, max - 1) : items;
  return (
    <>
      <ul className={className}>
        {shown.map((item) => (
          <li key={keyOf(item)}>{render(item)}</li>
        ))}
      </ul>
      {items.length > shown.length ? (
        <Button className="show-all" onClick={() => setAll(true)}>
          {t('ui.showAll', { count: items.length })}
        </Button>
      ) : null}
      {all ? (
        <Dialog title={title} onClose={() => setAll(false)} actions={<Button onClick={() => setAll(false)}>{t('kiosk.panel.close')}</Button>}>
          <ul className={`${className ?? ''} capped-all`}>
            {items.map((item) => (
              <li key={keyOf(item)}>{render(item)}</li>
            ))}
          </ul>
        </Dialog>
      ) : null}
    </>
  );
}
