import qrcode from 'qrcode-generator';

/**
 * The QR code's modules as a square boolean matrix (true = dark), without quiet zone.
 * Version 3 with error correction level M holds the page id with room to spare and keeps
 * every booklet page's code the same size.
 */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(3, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const rows: boolean[][] = [];
  for (let r = 0; r < count; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < count; c++) row.push(qr.isDark(r, c));
    rows.push(row);
  }
  return rows;
}
