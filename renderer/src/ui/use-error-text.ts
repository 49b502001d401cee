import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ContractError } from '../../../main/contract';

/** Any failure of a station call as a sentence for the person at the screen, in `t`'s language. */
export function errorTextOf(t: TFunction, error: unknown): string {
  return error instanceof ContractError ? t(`errors.${error.code}`) : t('errors.connection');
}

/** Turns any failure of a station call into a sentence for the person at the screen. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback((error: unknown) => errorTextOf(t, error), [t]);
}
