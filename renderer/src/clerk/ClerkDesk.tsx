import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkBatchListEntry, ClerkBatchView, ClerkBookingResult, ClerkPageDetail } from '../../../main/contract';
import { useStation, useStationEvent } from '../app/station-context';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useErrorText } from '../ui/use-error-text';
import { BatchPanel } from './BatchPanel';
import { PageVerifier } from './PageVerifier';
import { ScannerPanel } from './ScannerPanel';

/** Pages the clerk still has to look at, in batch order: booklet pages, and pages without marks to assign by hand. */
function needsVerification(batch: ClerkBatchView) {
  return batch.pages.filter((p) => p.state === 'recognized' && (p.kind === 'booklet_page' || p.kind === 'unregistered'));
}

/**
 * The clerk's desk: scan into the open batch, watch recognition progress, verify each page
 * with the keyboard and book the batch.
 */
export function ClerkDesk() {
  const { t } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const progress = useStationEvent('clerkBatch');
  const [batch, setBatch] = useState<ClerkBatchView | null>(null);
  const [page, setPage] = useState<ClerkPageDetail | null>(null);
  const [error, setError] = useState<string>();
  const [booking, setBooking] = useState(false);
  const [booked, setBooked] = useState<ClerkBookingResult | null>(null);

  const [viewing, setViewing] = useState<string | null>(null);
  const [batches, setBatches] = useState<ClerkBatchListEntry[]>([]);

  // The open batch (scans land there), or an earlier one the clerk chose to finish.
  const load = useCallback(() => {
    (viewing ? client.call.getClerkBatch({ batchId: viewing }) : client.call.openClerkBatch({})).then(setBatch, (e: unknown) => setError(errorText(e)));
    client.call.listClerkBatches({}).then((r) => setBatches(r.batches), (e: unknown) => setError(errorText(e)));
  }, [client, errorText, viewing]);
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
      client.call.getClerkPage({ pageId }).then(
        (p) => {
          setPage(p);
          if (byClerk) setFocusRequest((n) => n + 1);
        },
        (e: unknown) => setError(errorText(e)),
      );
    },
    [client, errorText],
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
        setError(errorText(e));
        setBooking(false);
      },
    );
  };

  const close = () => {
    if (!batch) return;
    client.call.closeClerkBatch({ batchId: batch.id }).then(
      () => {
        setPage(null);
        setBooked(null);
        setViewing(null);
        load();
      },
      (e: unknown) => setError(errorText(e)),
    );
  };

  return (
    <div className="clerk-desk">
      <ErrorAlert message={error} />
      <div className="clerk-columns">
        <ScannerPanel />
        {batch ? (
          <BatchPanel
            batch={batch}
            recognizing={progress?.batchId === batch.id ? progress.recognizing : false}
            selectedId={page?.id ?? null}
            onSelect={(id) => open(id)}
            onBook={book}
            onClose={close}
            booking={booking}
            booked={booked}
            batches={batches}
            onView={(id) => {
              setViewing(id);
              setPage(null);
              setBooked(null);
            }}
          />
        ) : (
          <p className="hint">{t('clerk.batch.loading')}</p>
        )}
      </div>
      {page ? <PageVerifier page={page} focusRequest={focusRequest} onChanged={changed} onNext={() => step(1)} onPrevious={() => step(-1)} /> : null}
    </div>
  );
}
