import type { Language } from '../contract';

/** What a printed receipt is about: proofs submitted, or a payout applied for. */
export type PrintableReceipt =
  | { kind: 'submission'; reference: string; submittedAt: string; year: number; measures: number; initials: string }
  | { kind: 'payout'; reference: string; submittedAt: string; year: number; amountCents: number; initials: string };

/** The receipt's words in the member's language (the screen's language when they pressed "print"). */
export function receiptLines(receipt: PrintableReceipt, language: Language, branch: string): { title: string; program: string; branch: string; reference: string; what: string; when: string; who: string; keep: string } {
  const locale = language === 'en' ? 'en-GB' : 'de-DE';
  const when = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(new Date(receipt.submittedAt));
  const euros = (cents: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
  if (language === 'en') {
    return {
      program: 'Bonus ABC bonus program',
      branch,
      title: receipt.kind === 'submission' ? 'Receipt for your proofs' : 'Receipt for your payout application',
      reference: 'Your reference',
      what: receipt.kind === 'submission' ? `${receipt.measures} measure${receipt.measures === 1 ? '' : 's'} for ${receipt.year}` : `Applied for ${receipt.year}: ${euros(receipt.amountCents)}`,
      when: `Submitted on ${when}`,
      who: `by ${receipt.initials}`,
      keep: 'Please keep this receipt. Quote the reference when you ask about it.',
    };
  }
  return {
    program: 'Bonusprogramm Bonus ABC',
    branch,
    title: receipt.kind === 'submission' ? 'Empfangsbestätigung für Ihre Nachweise' : 'Bestätigung Ihres Antrags auf Auszahlung',
    reference: 'Ihre Vorgangsnummer',
    what: receipt.kind === 'submission' ? `${receipt.measures} ${receipt.measures === 1 ? 'Maßnahme' : 'Maßnahmen'} für ${receipt.year}` : `Beantragt für ${receipt.year}: ${euros(receipt.amountCents)}`,
    when: `Eingereicht am ${when}`,
    who: `von ${receipt.initials}`,
    keep: 'Bitte bewahren Sie diesen Beleg auf. Nennen Sie bei Fragen die Vorgangsnummer.',
  };
}
