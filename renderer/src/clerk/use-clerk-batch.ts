import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClerkBatchListEntry, ClerkBatchView, ClerkBookingResult, ClerkPageDetail } from '../../../main/contract';
import { useStation, useStationEvent } from '../app/station-context';
import { errorTextOf } from '../ui/use-error-text';
import { useStationCall } from '../ui/use-station-call';

/** Pages the clerk still has to look at, in batch order: booklet pages, and pages without marks to assign by hand. */
export function needsVerification(batch: ClerkBatchView) {
  return batch.pages.filter((p) => p.state === 'recognized' && (p.kind === 'booklet_page' || p.kind === 'unregistered'));
}

/**
 * The clerk's batch: the open batch (scans land there) or an earlier one being finished, the
 * page open in the verifier, booking and closing. Follows the clerkBatch events, so pages
 * recognized meanwhile appear and the page that waits for main is shown once it is ready.
 */
export function useClerkBatch() {
  const { client } = useStation();
  const { error, setError } = useStationCall();
  const progress = useStationEvent('clerkBatch');
  const [batch, setBatch] = useState<ClerkBatchView | null>(null);
  const [page, setPage] = useState<ClerkPageDetail | null>(null);
  const [booking, setBooking] = useState(false);
  const [booked, setBooked] = useState<ClerkBookingResult | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const [batches, setBatches] = useState<ClerkBatchListEntry[]>([]);
  const fail = useCallback((e: unknown) => setError((tr) => errorTextOf(tr, e)), [setError]);

  const load = useCallback(() => {
    (viewing ? client.call.getClerkBatch({ batchId: viewing }) : client.call.openClerkBatch({})).then(setBatch, fail);
    client.call.listClerkBatches({}).then((r) => setBatches(r.batches), fail);
  }, [client, fail, viewing]);
  useEffect(load, [load]);
  // The open page waits for main (recognized again after the clerk identified it, or its booklet
  // being asked for at the service): show it once it is.
  const waitingPageId = useRef<string | null>(null);
  waitingPageId.current = page?.state === 'scanned' || page?.memberLookup === 'pending' ? page.id : null;
  const lookupPending = useRef(false);
  lookupPending.current = page?.memberLookup === 'pending';
  const lookupRefresh = useRef(false);
  useEffect(() => {
    if (!progress) return;
    load();
    const waiting = waitingPageId.current;
    // Events arriving together are seen as one: a page whose lookup is pending is asked for again
    // on any event (one call at a time; main answers it as soon as the lookup does).
    const pending = lookupPending.current;
    if (!waiting || (progress.pageId !== waiting && !pending) || (pending && lookupRefresh.current)) return;
    lookupRefresh.current = pending;
    client.call
      .getClerkPage({ pageId: waiting })
      // The clerk may have gone on to another page meanwhile.
      .then((p) => setPage((current) => (current?.id === p.id ? p : current)), () => undefined)
      .finally(() => {
        if (pending) lookupRefresh.current = false;
      });
  }, [progress, load, client]);

  const [focusRequest, setFocusRequest] = useState(0);
  const open = useCallback(
    (pageId: string, byClerk = true) => {
      client.call.getClerkPage({ pageId }).then((p) => {
        setPage(p);
        if (byClerk) setFocusRequest((n) => n + 1);
      }, fail);
    },
    [client, fail],
  );
  // The same from the batch list: events can arrive together and be seen as one, the list is always reloaded.
  useEffect(() => {
    if (page?.state !== 'scanned' || !batch) return;
    const summary = batch.pages.find((p) => p.id === page.id);
    if (summary && summary.state !== 'scanned') client.call.getClerkPage({ pageId: page.id }).then(setPage, () => undefined);
  }, [batch, page, client]);
  // The first page to verify opens by itself once it is recognized, without taking the focus.
  useEffect(() => {
    if (!page && batch) {
      const next = needsVerification(batch)[0];
      if (next) open(next.id, false);
    }
  }, [batch, page, open]);

  const step = (direction: 1 | -1) => {
    if (!batch || !page) return;
    const pages = batch.pages.filter((p) => p.state !== 'scanned');
    const index = pages.findIndex((p) => p.id === page.id);
    // Forward: the next page still to verify, else simply the next one.
    const forward = needsVerification(batch).find((p) => p.seq > page.seq && p.id !== page.id);
    const target = direction === 1 ? (forward ?? pages[index + 1]) : pages[index - 1];
    if (target) open(target.id);
  };

  const changed = (p: ClerkPageDetail) => {
    setPage(p);
    load();
  };

  const book = () => {
    if (!batch) return;
    setBooking(true);
    setBooked(null);
    client.call.bookClerkBatch({ batchId: batch.id }).then(
      (result) => {
        setBooked(result);
        setBooking(false);
        load();
        if (page) open(page.id);
      },
      (e: unknown) => {
        fail(e);
        setBooking(false);
      },
    );
  };

  const close = () => {
    if (!batch) return;
    client.call.closeClerkBatch({ batchId: batch.id }).then(() => {
      setPage(null);
      setBooked(null);
      setViewing(null);
      load();
    }, fail);
  };

  const view = (batchId: string | null) => {
    setViewing(batchId);
    setPage(null);
    setBooked(null);
  };

  return { batch, batches, page, progress, booking, booked, error, focusRequest, open, step, changed, book, close, view };
}

export type ClerkBatch = ReturnType<typeof useClerkBatch>;
