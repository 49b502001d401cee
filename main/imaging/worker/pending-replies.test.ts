import { describe, expect, it } from 'vitest';
import { PendingReplies } from './pending-replies';

describe('replies a worker thread owes', () => {
  it('settles each request by its id, drops a reply nobody waits for, and fails what is left', async () => {
    const pending = new PendingReplies();
    const first = pending.open<number>();
    const second = pending.open<number>();
    const third = pending.open<number>();
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
    expect(pending.settle({ id: second.id, ok: true, result: 2 }, () => new Error('unused'))).toBe(true);
    expect(pending.settle({ id: first.id, ok: false, error: { code: 'internal', message: 'bad pixels' } }, (e) => new Error(`failed: ${e.message}`))).toBe(true);
    // Answered twice, or never asked: nobody waits.
    expect(pending.settle({ id: second.id, ok: true, result: 3 }, () => new Error('unused'))).toBe(false);
    expect(pending.size).toBe(1);
    pending.rejectAll(() => new Error('thread gone'));
    expect(pending.size).toBe(0);
    await expect(second.reply).resolves.toBe(2);
    await expect(first.reply).rejects.toThrow('failed: bad pixels');
    await expect(third.reply).rejects.toThrow('thread gone');
  });
});
