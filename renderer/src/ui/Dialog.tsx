import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal panel over the screen (field details, terms notes): it takes the focus, Escape or
 * its close action ends it, and the screen behind stays as it was. Sized to the window: its
 * content is written to fit, it never scrolls the page.
 */
export function Dialog({ title, onClose, children, actions, testId, className }: { title: ReactNode; onClose: () => void; children: ReactNode; actions: ReactNode; testId?: string; className?: string }) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    opener.current = document.activeElement;
    box.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      // Back where the member was: the tile that opened it.
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, []);
  return (
    <div className="dialog-backdrop">
      <div ref={box} role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} tabIndex={-1} className={['dialog', className].filter(Boolean).join(' ')} data-testid={testId}>
        <h2 id={`${id}-title`} className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>
  );
}
