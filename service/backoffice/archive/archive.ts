import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Evaluation, FieldDecision, SubmissionUpload } from '../../../main/contract/service-api';
import { berlinDateOf, measureOf, ruleSet2026 } from '../../../main/domain';
import type { BlobStore } from '../../blobs/blob-store';
import type { Database } from '../../db/database';
import { iso, isoDay } from '../../routes/deps';
import { archiveDocument } from './document';

/**
 * The archive export: every decided submission not archived before becomes one PDF document
 * (document.ts) in `<archiveDir>/<day>/`, with an index beside it (index.csv for a
 * document-management import, index.json with the same rows), each file written under a
 * temporary name and renamed into place. The database records what was archived, so an export
 * run again writes only what is new.
 */
export interface ArchiveExport {
  folder: string;
  documents: number;
  skipped: number;
}

const IndexRow = z.object({
  file: z.string(),
  submissionId: z.uuid(),
  kvnr: z.string(),
  memberName: z.string(),
  kind: z.string(),
  participationYear: z.number(),
  receivedAt: z.string(),
  decidedAt: z.string(),
  decision: z.string(),
  reviewer: z.string(),
  pages: z.number(),
  pdfSha256: z.string(),
  pdfaStyle: z.boolean(),
});
type IndexRow = z.infer<typeof IndexRow>;

async function writeDurably(path: string, data: Uint8Array | string): Promise<void> {
  await writeFile(`${path}.tmp`, data, { flush: true });
  await rename(`${path}.tmp`, path);
}

export async function exportArchive(db: Database, blobs: BlobStore, archiveDir: string, now: Date, limit = 500): Promise<ArchiveExport> {
  const day = berlinDateOf(now.getTime());
  const folder = join(archiveDir, day);
  await mkdir(folder, { recursive: true });
  const waiting = (
    await db.query<{ id: string; station_id: string; kind: string; kvnr: string; participation_year: number; payload: unknown; evaluation: unknown; received_at: Date; first_name: string | null; last_name: string | null; birth_date: Date | string | null }>(
      `SELECT s.id, s.station_id, s.kind, s.kvnr, s.participation_year, s.payload, s.evaluation, s.received_at, m.first_name, m.last_name, m.birth_date
       FROM submissions s LEFT JOIN members m ON m.kvnr = s.kvnr
       WHERE s.state <> 'received' AND NOT EXISTS (SELECT 1 FROM bo_archived a WHERE a.submission_id = s.id)
       ORDER BY s.received_at, s.id LIMIT $1`,
      [limit],
    )
  ).rows;
  const skipped = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bo_archived')).rows[0]?.n ?? 0;
  const rows: IndexRow[] = [];
  for (const s of waiting) {
    const payload = SubmissionUpload.parse(s.payload);
    const decisions = (
      await db.query<{ decided_at: Date; decision: string; reviewer: string; reason: string | null; fields: unknown }>('SELECT decided_at, decision, reviewer, reason, fields FROM decisions WHERE submission_id = $1 ORDER BY seq', [s.id])
    ).rows;
    const last = decisions.at(-1);
    if (!last) continue;
    const evidenceRows = (await db.query<{ sha256: string; media_type: string }>('SELECT b.sha256, b.media_type FROM submission_blobs sb JOIN blobs b ON b.sha256 = sb.sha256 WHERE sb.submission_id = $1 AND b.complete', [s.id])).rows;
    const kindOf = new Map(payload.measures.flatMap((m) => m.evidence.flatMap((e) => (e.blob ? [[e.blob.sha256, e.kind] as const] : []))));
    const evidence = [];
    for (const e of evidenceRows) evidence.push({ kind: kindOf.get(e.sha256) ?? 'evidence', mediaType: e.media_type, data: await blobs.read(e.sha256) });
    const memberName = s.first_name ? `${s.first_name} ${s.last_name}` : null;
    const document = await archiveDocument(
      {
        submissionId: s.id,
        kind: s.kind,
        kvnr: s.kvnr,
        memberName,
        birthDate: s.birth_date ? isoDay(s.birth_date) : null,
        stationId: s.station_id,
        createdAt: payload.createdAt,
        receivedAt: iso(s.received_at),
        participationYear: s.participation_year,
        decisions: decisions.map((d) => ({ decidedAt: iso(d.decided_at), decision: d.decision, reviewer: d.reviewer, reason: d.reason, fields: z.array(FieldDecision).parse(d.fields) })),
        records: payload.measures.map((m) => ({ measure: m.measure, title: measureOf(ruleSet2026, m.measure)?.title.de ?? '', performedOn: m.performedOn, evidence: m.evidence.map((e) => e.kind) })),
        findings: Evaluation.parse(s.evaluation).findings,
        evidence,
      },
      now,
    );
    const file = `${s.participation_year}_${s.kvnr}_${s.id}.pdf`;
    const pdfSha256 = createHash('sha256').update(document.pdf).digest('hex');
    await writeDurably(join(folder, file), document.pdf);
    await db.query('INSERT INTO bo_archived (submission_id, archived_at, file, pdf_sha256) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [s.id, now, join(day, file), pdfSha256]);
    rows.push({
      file,
      submissionId: s.id,
      kvnr: s.kvnr,
      memberName: memberName ?? '',
      kind: s.kind,
      participationYear: s.participation_year,
      receivedAt: iso(s.received_at),
      decidedAt: iso(last.decided_at),
      decision: last.decision,
      reviewer: last.reviewer,
      pages: document.pages,
      pdfSha256,
      pdfaStyle: document.pdfaStyle,
    });
  }
  if (rows.length > 0) await writeIndex(folder, rows);
  return { folder, documents: rows.length, skipped };
}

/** index.csv and index.json in the day's folder: earlier exports of the same day are kept, new rows added. */
async function writeIndex(folder: string, rows: IndexRow[]): Promise<void> {
  const path = join(folder, 'index.json');
  let earlier: IndexRow[] = [];
  try {
    earlier = z.array(IndexRow).parse(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    // No index yet today (or one this export cannot read): it starts anew with these rows.
    earlier = [];
  }
  const all = [...earlier.filter((e) => !rows.some((r) => r.submissionId === e.submissionId)), ...rows];
  const columns = Object.keys(IndexRow.shape) as (keyof IndexRow)[];
  const cell = (v: unknown) => (/[;"\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  await writeDurably(path, `${JSON.stringify(all, null, 1)}\n`);
  await writeDurably(join(folder, 'index.csv'), `${[columns.join(';'), ...all.map((r) => columns.map((c) => cell(r[c])).join(';'))].join('\n')}\n`);
}
