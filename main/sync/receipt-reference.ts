const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A reference a member can read out on the phone: "BA-" and 8 characters without I, L, O, U. */
export function referenceFor(submissionId: string): string {
  const bytes = Buffer.from(submissionId.replace(/-/g, ''), 'hex');
  let bits = 0n;
  for (const byte of bytes.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 8; i++) code = crockford[Number((bits >> BigInt(i * 5)) & 31n)] + code;
  return `BA-${code.slice(0, 4)}-${code.slice(4)}`;
}
