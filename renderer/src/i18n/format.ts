import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The locale a language's dates and numbers are written in: German as in Germany, English as
 * in Britain (day before month), never the browser's own locale (which gives "01/15/2026").
 */
export function localeOf(language: string): 'de-DE' | 'en-GB' {
  return language.startsWith('en') ? 'en-GB' : 'de-DE';
}

const berlin = 'Europe/Berlin';

export interface Formats {
  readonly locale: 'de-DE' | 'en-GB';
  /** A calendar date (YYYY-MM-DD), without time-zone drift: "15.01.2026", "15/01/2026". */
  date(ymd: string): string;
  /** The day of an instant in Berlin. */
  instantDate(iso: string): string;
  /** Day and time of an instant in Berlin: "15.01.2026, 10:04". */
  dateTime(iso: string): string;
  /** The time of an instant in Berlin: "10:04". */
  time(iso: string): string;
  euros(cents: number): string;
  number(value: number, maximumFractionDigits?: number): string;
  /** The month's name (1-12), "Januar", "January". */
  monthName(month: number): string;
}

export function formatsFor(language: string): Formats {
  const locale = localeOf(language);
  const calendar = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: berlin });
  const dayTime = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: berlin });
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: berlin });
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  return {
    locale,
    date: (ymd) => {
      const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
      return calendar.format(new Date(Date.UTC(y, m - 1, d)));
    },
    instantDate: (iso) => day.format(new Date(iso)),
    dateTime: (iso) => dayTime.format(new Date(iso)),
    time: (iso) => clock.format(new Date(iso)),
    euros: (cents) => money.format(cents / 100),
    number: (value, maximumFractionDigits = 2) => value.toLocaleString(locale, { maximumFractionDigits }),
    monthName: (m) => month.format(new Date(Date.UTC(2000, m - 1, 1))),
  };
}

/** The formats of the language on screen; follows a language switch. */
export function useFormat(): Formats {
  const { i18n } = useTranslation();
  return useMemo(() => formatsFor(i18n.language), [i18n.language]);
}
