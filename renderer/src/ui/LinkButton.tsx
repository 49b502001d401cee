import type { AnchorHTMLAttributes } from 'react';

/** A navigation link styled as a touch-sized button. */
export function LinkButton({ className, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement>) {
  return <a className={['ui-button', 'ui-button--secondary', className].filter(Boolean).join(' ')} {...rest} />;
}
