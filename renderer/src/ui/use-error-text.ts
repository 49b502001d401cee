import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ContractError } from '../../../main/contract';

/** Turns any failure of a station call into a sentence for the person at the screen. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback((error: unknown) => (error instanceof ContractError ? t(`errors.${error.code}`) : t('errors.connection')), [t]);
}
