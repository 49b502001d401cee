import { isValidIban } from '../../../main/domain';

/**
 * SEPA credit transfer initiation, ISO 20022 pain.001.001.09 (the version of the German banking
 * industry's data formats, DFÜ-Abkommen Anlage 3, from November 2025): one group header, one
 * payment information block with the insurer's account, one transaction per member. The file is
 * written and then checked by `checkPain001` — the same check the tests run — before anyone can
 * download it: counts, sums, control sums, IBANs, SEPA's character set and field lengths.
 */
export const painNamespace = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

export interface Payer {
  name: string;
  iban: string;
  bic: string;
}

export interface Transfer {
  endToEndId: string;
  amountCents: number;
  creditorName: string;
  creditorIban: string;
  /** Unstructured remittance information, at most 140 characters. */
  reference: string;
}

/** SEPA's Latin character set: letters, digits and / - ? : ( ) . , ' + and space; umlauts spelled out. */
export function sepaText(text: string, max: number): string {
  const spelled = text.replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue').replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
  const plain = spelled.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.slice(0, max);
}

const amount = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');

export function buildPain001(input: { messageId: string; createdAt: Date; executionDay: string; payer: Payer; transfers: Transfer[] }): string {
  const total = input.transfers.reduce((sum, t) => sum + t.amountCents, 0);
  const n = input.transfers.length;
  const el = (name: string, value: string) => `<${name}>${escape(value)}</${name}>`;
  const tx = input.transfers.map(
    (t) =>
      `<CdtTrfTxInf><PmtId>${el('EndToEndId', t.endToEndId)}</PmtId><Amt><InstdAmt Ccy="EUR">${amount(t.amountCents)}</InstdAmt></Amt>` +
      `<Cdtr>${el('Nm', sepaText(t.creditorName, 70))}</Cdtr><CdtrAcct><Id>${el('IBAN', t.creditorIban)}</Id></CdtrAcct>` +
      `<RmtInf>${el('Ustrd', sepaText(t.reference, 140))}</RmtInf></CdtTrfTxInf>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Document xmlns="${painNamespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    '<CstmrCdtTrfInitn>',
    `<GrpHdr>${el('MsgId', input.messageId)}${el('CreDtTm', input.createdAt.toISOString().slice(0, 19))}${el('NbOfTxs', String(n))}${el('CtrlSum', amount(total))}<InitgPty>${el('Nm', sepaText(input.payer.name, 70))}</InitgPty></GrpHdr>`,
    `<PmtInf>${el('PmtInfId', `${input.messageId}-1`)}<PmtMtd>TRF</PmtMtd><BtchBookg>true</BtchBookg>${el('NbOfTxs', String(n))}${el('CtrlSum', amount(total))}`,
    `<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf><ReqdExctnDt>${el('Dt', input.executionDay)}</ReqdExctnDt>`,
    `<Dbtr>${el('Nm', sepaText(input.payer.name, 70))}</Dbtr><DbtrAcct><Id>${el('IBAN', input.payer.iban)}</Id></DbtrAcct><DbtrAgt><FinInstnId>${el('BICFI', input.payer.bic)}</FinInstnId></DbtrAgt><ChrgBr>SLEV</ChrgBr>`,
    ...tx,
    '</PmtInf>',
    '</CstmrCdtTrfInitn>',
    '</Document>',
    '',
  ].join('\n');
}

export interface Pain001Summary {
  messageId: string;
  transactions: number;
  totalCents: number;
  creditorIbans: string[];
}

const sepaChars = /^[A-Za-z0-9/\-?:().,'+ ]*$/;
const cents = (text: string) => {
  if (!/^\d{1,15}\.\d{2}$/.test(text)) throw new Error(`not an amount with two decimals: ${text}`);
  const [whole, frac] = text.split('.') as [string, string];
  return Number(whole) * 100 + Number(frac);
};

function all(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => m[1] as string);
}
function one(xml: string, tag: string): string {
  const found = all(xml, tag);
  if (found.length !== 1) throw new Error(`expected one <${tag}>, found ${found.length}`);
  return found[0] as string;
}

/**
 * Checks a pain.001 file as written by buildPain001 and as a bank would: namespace and nesting,
 * transaction count and control sum in the group header and the payment block equal to the
 * transactions, each amount positive with two decimals in EUR, every IBAN valid (ISO 13616
 * check digits), end-to-end ids unique, texts in SEPA's character set and within their lengths.
 * Throws with the first problem; returns what the file pays.
 */
export function checkPain001(xml: string): Pain001Summary {
  if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) throw new Error('no XML declaration with UTF-8');
  if (!xml.includes(`<Document xmlns="${painNamespace}"`)) throw new Error(`the document is not in the namespace ${painNamespace}`);
  const order = ['<CstmrCdtTrfInitn>', '<GrpHdr>', '</GrpHdr>', '<PmtInf>', '<PmtMtd>TRF</PmtMtd>', '<SvcLvl><Cd>SEPA</Cd></SvcLvl>', '<Dbtr>', '<DbtrAcct>', '<DbtrAgt>', '<ChrgBr>SLEV</ChrgBr>', '</PmtInf>', '</CstmrCdtTrfInitn>', '</Document>'];
  let at = 0;
  for (const part of order) {
    const found = xml.indexOf(part, at);
    if (found < 0) throw new Error(`missing or out of order: ${part}`);
    at = found;
  }
  const header = xml.slice(xml.indexOf('<GrpHdr>'), xml.indexOf('</GrpHdr>'));
  const block = xml.slice(xml.indexOf('<PmtInf>'), xml.indexOf('<CdtTrfTxInf>') < 0 ? xml.indexOf('</PmtInf>') : xml.indexOf('<CdtTrfTxInf>'));
  const messageId = one(header, 'MsgId');
  if (!/^[A-Za-z0-9/\-?:().,'+]{1,35}$/.test(messageId)) throw new Error(`MsgId is not 1-35 SEPA characters: ${messageId}`);
  const txs = [...xml.matchAll(/<CdtTrfTxInf>([\s\S]*?)<\/CdtTrfTxInf>/g)].map((m) => m[1] as string);
  if (txs.length === 0) throw new Error('no transaction');
  const amounts = txs.map((t) => {
    if (!/<InstdAmt Ccy="EUR">/.test(t)) throw new Error('an amount is not in EUR');
    const c = cents(one(t, 'InstdAmt'));
    if (c <= 0 || c > 99_999_999_999) throw new Error(`amount out of range: ${c}`);
    return c;
  });
  const total = amounts.reduce((a, b) => a + b, 0);
  for (const [where, part] of [['GrpHdr', header], ['PmtInf', block]] as const) {
    if (Number(one(part, 'NbOfTxs')) !== txs.length) throw new Error(`${where}/NbOfTxs is not the number of transactions (${txs.length})`);
    if (cents(one(part, 'CtrlSum')) !== total) throw new Error(`${where}/CtrlSum is not the sum of the amounts (${total} cents)`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(one(block, 'Dt'))) throw new Error('ReqdExctnDt/Dt is not a date');
  const ibans = all(xml, 'IBAN');
  for (const iban of ibans) if (!isValidIban(iban)) throw new Error(`not a valid IBAN: ${iban}`);
  if (!/^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/.test(one(block, 'BICFI'))) throw new Error('the debtor agent’s BIC is not valid');
  const ids = txs.map((t) => one(t, 'EndToEndId'));
  if (new Set(ids).size !== ids.length) throw new Error('EndToEndIds are not unique');
  for (const [tag, max] of [['Nm', 70], ['Ustrd', 140], ['EndToEndId', 35], ['PmtInfId', 35]] as const) {
    for (const text of all(xml, tag)) {
      const raw = text.replace(/&apos;/g, "'").replace(/&amp;/g, '&');
      if (raw.length === 0 || raw.length > max || !sepaChars.test(raw)) throw new Error(`<${tag}> is empty, longer than ${max} or outside SEPA's character set: ${text}`);
    }
  }
  return { messageId, transactions: txs.length, totalCents: total, creditorIbans: ibans.slice(1) };
}
