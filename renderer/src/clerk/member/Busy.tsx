import { useTranslation } from 'react-i18next';

/** Shown while a call runs (reading a card, making a PDF, measuring a page): a live status with an indeterminate bar. */
export function Busy({ label }: { label: string | null }) {
  const { t } = useTranslation();
  if (!label) return null;
  return (
    <p className="clerk-busy" role="status" aria-busy="true">
      <progress aria-label={t('clerkBooklets.busy')} />
      <span>{label}</span>
    </p>
  );
}
