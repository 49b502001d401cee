import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../main/contract';
import de from './locales/de.json';
import en from './locales/en.json';

export const resources = { de: { translation: de }, en: { translation: en } } as const;

/** German first, English second; the station's configured language is the start language. */
export async function initI18n(language: Language): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'de',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = language;
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  return i18next;
}
