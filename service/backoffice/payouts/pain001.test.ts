import { describe, expect, it } from 'vitest';
import { buildPain001, checkPain001, sepaText } from './pain001';

const payer = { name: 'Bonus ABC Krankenkasse', iban: 'DE02120300000000202051', bic: 'BYLADEM1001' };
const transfers = [
  { endToEndId: 'BONUS-2026-a', amountCents: 2000, creditorName: 'Erika Testfrau', creditorIban: 'DE89370400440532013000', reference: 'Bonus ABC Bonuspraemie 2026' },
  { endToEndId: 'BONUS-2026-b', amountCents: 1005, creditorName: 'Jörg Groß', creditorIban: 'DE02100100109307118603', reference: 'Bonus ABC Bonuspraemie 2026' },
];
const file = () => buildPain001({ messageId: 'BONUS-20261201-abc', createdAt: new Date('2026-12-01T08:00:00Z'), executionDay: '2026-12-03', payer, transfers });

describe('pain.001 credit transfer file', () => {
  it('sums amounts into both control sums and counts the transactions', () => {
    expect(checkPain001(file())).toEqual({ messageId: 'BONUS-20261201-abc', transactions: 2, totalCents: 3005, creditorIbans: ['DE89370400440532013000', 'DE02100100109307118603'] });
    expect(file()).toContain('<CtrlSum>30.05</CtrlSum>');
  });
  it('finds a wrong control sum, a wrong count, a bad IBAN, a duplicate id and text outside SEPA’s characters', () => {
    expect(() => checkPain001(file().replace('<CtrlSum>30.05</CtrlSum>', '<CtrlSum>30.06</CtrlSum>'))).toThrow(/CtrlSum/);
    expect(() => checkPain001(file().replace('<NbOfTxs>2</NbOfTxs>', '<NbOfTxs>3</NbOfTxs>'))).toThrow(/NbOfTxs/);
    expect(() => checkPain001(file().replace('DE89370400440532013000', 'DE89370400440532013001'))).toThrow(/IBAN/);
    expect(() => checkPain001(file().replace('BONUS-2026-b', 'BONUS-2026-a'))).toThrow(/unique/);
    expect(() => checkPain001(file().replace('<Ustrd>Bonus ABC Bonuspraemie 2026</Ustrd>', '<Ustrd>Prämie €</Ustrd>'))).toThrow(/character set/);
    expect(() => checkPain001(file().replace('<InstdAmt Ccy="EUR">20.00', '<InstdAmt Ccy="EUR">20.0'))).toThrow(/two decimals/);
    expect(() => checkPain001(file().replace('pain.001.001.09', 'pain.001.001.03'))).toThrow(/namespace/);
  });
  it('spells umlauts out and drops what SEPA cannot carry', () => {
    expect(sepaText('Jörg Groß & Söhne <GmbH>', 70)).toBe('Joerg Gross Soehne GmbH');
    expect(sepaText('x'.repeat(200), 140)).toHaveLength(140);
  });
});
