import { describe, expect, it } from 'vitest';
import { virtualCard } from '../../../test/virtual-egk/cards';
import { EgkCardProgram } from '../../../test/virtual-egk/egk-card';
import { PcscError, type CardChannel } from '../card-reader';
import { decodeEgk } from './egk-decode';
import { EgkReadError, readEgkFiles } from './read-egk';

/** A channel straight to a card program, recording every C-APDU. */
function channelTo(program: EgkCardProgram, options: { failAfter?: number } = {}) {
  const apdus: string[] = [];
  const channel: CardChannel = {
    reader: 'test',
    atr: program.atr,
    protocol: 'T=1',
    async transmit(apdu) {
      if (options.failAfter !== undefined && apdus.length >= options.failAfter) throw new PcscError('card-removed', 'Card was removed');
      apdus.push(Buffer.from(apdu).toString('hex'));
      return program.transmit(apdu);
    },
    disconnect() {},
  };
  return { channel, apdus };
}

describe('reading an eGK', () => {
  it('reads a fresh G2 card in 6 APDUs with extended length, one per file', async () => {
    const { channel, apdus } = channelTo(new EgkCardProgram(virtualCard('mueller').image));
    const { files, stats } = await readEgkFiles(channel);
    expect(stats).toMatchObject({ apdus: 6, extendedLength: true });
    expect(apdus).toEqual(['00b0820000', '00b0910000', '00a4040c06d27600000102', '00b08c0019', '00b08100000000', '00b08200000000']);
    expect(decodeEgk(files).person.lastName).toBe('Müller');
  });

  it('selects the MF first when another application left DF.HCA current', async () => {
    const program = new EgkCardProgram(virtualCard('mueller').image);
    program.transmit(Uint8Array.from([0x00, 0xa4, 0x04, 0x0c, 0x06, 0xd2, 0x76, 0x00, 0x00, 0x01, 0x02]));
    const { channel, apdus } = channelTo(program);
    const { files, stats } = await readEgkFiles(channel);
    expect(apdus.slice(0, 3)).toEqual(['00b0820000', '00a4040c07d2760001448000', '00b0820000']);
    expect(stats.apdus).toBe(8);
    expect(decodeEgk(files).card.iccsn).toBe('80276883110000012345');
  });

  it('falls back to short reads of at most 0xFC bytes where extended length is refused, reading only what the headers announce', async () => {
    const { channel, apdus } = channelTo(new EgkCardProgram({ ...virtualCard('mueller').image, extendedLength: false }));
    const { files, stats } = await readEgkFiles(channel);
    expect(stats.extendedLength).toBe(false);
    expect(apdus.filter((a) => a.length === 14 && a.startsWith('00b0'))).toHaveLength(1); // one refused extended read
    expect(apdus.every((a) => !(a.startsWith('00b0') && a.length === 10) || parseInt(a.slice(8), 16) <= 0xfc || a.endsWith('00'))).toBe(true);
    expect(decodeEgk(files).person.firstName).toBe('Hans-Jürgen');
  });

  it('reads a G1+ card, which has EF.Version records instead of EF.Version2', async () => {
    const { channel, apdus } = channelTo(new EgkCardProgram(virtualCard('zuzek').image));
    const { files } = await readEgkFiles(channel);
    expect(apdus).toContain('00b2038400');
    expect(decodeEgk(files).card.generation).toBe('G1+');
  });

  it('never touches EF.GVD (SFI 03 in DF.HCA, FID D003)', async () => {
    for (const name of ['mueller', 'zuzek', 'weissenfels']) {
      const { channel, apdus } = channelTo(new EgkCardProgram(virtualCard(name).image));
      await readEgkFiles(channel);
      expect(apdus.some((a) => a.startsWith('00b083') || a.includes('d003'))).toBe(false);
    }
  });

  it('calls a bank card "not a health card"', async () => {
    const { channel } = channelTo(new EgkCardProgram(virtualCard('bank-card').image));
    await expect(readEgkFiles(channel)).rejects.toMatchObject({ failure: 'not-health-card' });
  });

  it('reports a failed transmission as an I/O failure carrying the PC/SC reason', async () => {
    const { channel } = channelTo(new EgkCardProgram(virtualCard('mueller').image), { failAfter: 3 });
    const error = await readEgkFiles(channel).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EgkReadError);
    expect(error).toMatchObject({ failure: 'io', pcsc: { failure: 'card-removed' } });
  });

  it('stops between APDUs once aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { channel, apdus } = channelTo(new EgkCardProgram(virtualCard('mueller').image));
    await expect(readEgkFiles(channel, { signal: controller.signal })).rejects.toMatchObject({ failure: 'aborted' });
    expect(apdus).toHaveLength(0);
  });
});
