import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BookletPageProblem } from '../contract';
import type { MemberState } from '../contract/service-api';
import { memberForBooklet } from '../clerk/booklets';
import type { MemberStateSource } from '../sync/online';
import type { OpenBooklet } from './kiosk-session-port';

export type OwnerVerdict = { owner: 'member' } | { problem: Extract<BookletPageProblem, 'foreign-booklet' | 'child-booklet' | 'owner-unknown'> };

/**
 * Whose booklet a page read at the kiosk is. The booklet id comes off the paper, so it proves
 * nothing: the member may only bring their own booklet, or that of a child they manage once the
 * child's booklet is open. The register of this station decides where it knows the id; else the
 * insurer's list of the card holder's and their children's booklets (asked with the card in the
 * reader, so the answer is never about anybody else). Without an answer the page is not read:
 * a booklet nobody could check is never offered for submission.
 */
export async function bookletOwner(input: { db: Database; open: OpenBooklet; bookletId: string; online?: MemberStateSource }): Promise<OwnerVerdict> {
  const { open, bookletId } = input;
  const memberKvnr = open.member.person.kvnr;
  const local = memberForBooklet(input.db, bookletId);
  if (local) return local.kvnr === memberKvnr ? { owner: 'member' } : (await isManagedChild(input, local.kvnr)) ? { problem: 'child-booklet' } : { problem: 'foreign-booklet' };
  const state = await holderState(input);
  if (state === 'unavailable') return { problem: 'owner-unknown' };
  const listed = state?.booklets?.find((b) => b.bookletId === bookletId);
  if (!listed) return { problem: 'foreign-booklet' };
  if (listed.kvnr === memberKvnr) return { owner: 'member' };
  return state?.children.some((c) => c.kvnr === listed.kvnr) ? { problem: 'child-booklet' } : { problem: 'foreign-booklet' };
}

/** The card holder: the member, or the parent who opened a child's booklet in their session. */
function holderOf(open: OpenBooklet): OpenBooklet['member'] {
  return open.representative ?? open.member;
}

async function holderState(input: { open: OpenBooklet; online?: MemberStateSource }): Promise<MemberState | null | 'unavailable'> {
  const holder = holderOf(input.open);
  if (!input.online || !holder.card) return 'unavailable';
  try {
    return await input.online.memberState({ kvnr: holder.person.kvnr, cardNumber: holder.card.iccsn });
  } catch {
    return 'unavailable';
  }
}

/** A booklet of this station's register that belongs to one of the card holder's children (as the insurer lists them). */
async function isManagedChild(input: { open: OpenBooklet; online?: MemberStateSource }, kvnr: string): Promise<boolean> {
  if (input.open.representative) return false;
  const state = await holderState(input);
  return state !== 'unavailable' && (state?.children.some((c) => c.kvnr === kvnr) ?? false);
}
