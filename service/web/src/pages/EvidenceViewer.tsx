import { useEffect, useState } from 'react';
import type { SubmissionDetail } from '../../../backoffice/api';
import { objectUrl } from '../api';
import { useI18n, type TextKey } from '../i18n';

type Evidence = SubmissionDetail['payload']['measures'][number]['evidence'];

const labelOf: Partial<Record<Evidence[number]['kind'], TextKey>> = { 'booklet-stamp': 'crop', scan: 'page', photo: 'photo' };

/**
 * The evidence of the selected record: a booklet field's crop beside its whole page, or the
 * photo of a certificate; zoomable with +/− (or the buttons), scrollable when enlarged. Images
 * are fetched with the session and shown as object URLs (the page's CSP allows blob: images).
 */
export function EvidenceViewer({ submissionId, evidence, zoom, setZoom, onError }: { submissionId: string; evidence: Evidence; zoom: number; setZoom: (f: (z: number) => number) => void; onError: (e: unknown) => void }) {
  const { t } = useI18n();
  const [urls, setUrls] = useState<Map<string, string>>(new Map());
  const files = evidence.filter((e) => e.blob && e.blob.mediaType !== 'application/pdf');
  const hashes = files.map((f) => f.blob!.sha256).join();

  useEffect(() => {
    let live = true;
    const made: string[] = [];
    (async () => {
      const next = new Map<string, string>();
      for (const e of files) {
        const sha = e.blob!.sha256;
        if (next.has(sha)) continue;
        const url = await objectUrl(`/review/submissions/${submissionId}/evidence/${sha}`);
        made.push(url);
        next.set(sha, url);
      }
      if (live) setUrls(next);
    })().catch(onError);
    return () => {
      live = false;
      for (const url of made) URL.revokeObjectURL(url);
    };
    // The files are named by their hashes: the same hashes, the same images.
  }, [submissionId, hashes]);

  return (
    <div className="evidence" aria-labelledby="evidence-title">
      <div className="title-row">
        <h2 id="evidence-title">{t('evidence')}</h2>
        <div className="zoom">
          <button type="button" onClick={() => setZoom((z) => Math.max(z / 1.25, 0.5))} aria-label={t('zoomOut')}>
            −
          </button>
          <span aria-live="polite">{Math.round(zoom * 100)} %</span>
          <button type="button" onClick={() => setZoom((z) => Math.min(z * 1.25, 4))} aria-label={t('zoomIn')}>
            +
          </button>
        </div>
      </div>
      {files.length === 0 ? (
        <p>{t('noEvidence')}</p>
      ) : (
        <div className={`evidence-files${files.some((f) => f.kind === 'booklet-stamp') ? ' with-crop' : ''}`}>
          {files.map((e) => {
            const url = urls.get(e.blob!.sha256);
            const label = t(labelOf[e.kind] ?? 'evidence');
            return (
              <figure key={`${e.kind}-${e.blob!.sha256}`} className={e.kind}>
                <div className="scroller" tabIndex={0} aria-label={label}>
                  {url && <img src={url} alt={label} style={{ width: `${zoom * 100}%` }} />}
                </div>
                <figcaption>{label}</figcaption>
              </figure>
            );
          })}
        </div>
      )}
    </div>
  );
}
