import type { ButtonHTMLAttributes } from 'react';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' };

/** The shared button: at least 44 px high and wide, visible focus, no hover-only meaning. */
export function Button({ variant = 'secondary', className, type = 'button', ...rest }: Props) {
  return <button type={type} className={['ui-button', `ui-button--${variant}`, className].filter(Boolean).join(' ')} {...rest} />;
}
