import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPage, type CorpusOptions, type PageTruth } from './generate';

/**
 * Writes `count` corpus pages as JPEG files plus `truth.json` into `dir`.
 * Usage: npx tsx test/booklet-corpus/write-corpus.ts DIR [COUNT] [SEED]
 */
export async function writeCorpus(dir: string, count: number, options: CorpusOptions): Promise<PageTruth[]> {
  mkdirSync(dir, { recursive: true });
  const truths: PageTruth[] = [];
  for (let i = 0; i < count; i++) {
    const { jpeg, truth } = await corpusPage(i, options);
    writeFileSync(join(dir, `page-${String(i).padStart(4, '0')}.jpg`), jpeg);
    truths.push(truth);
  }
  writeFileSync(join(dir, 'truth.json'), JSON.stringify(truths, null, 1));
  return truths;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count = '20', seed = '1'] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: write-corpus.ts DIR [COUNT] [SEED]\n');
    process.exit(2);
  }
  await writeCorpus(dir, Number(count), { seed: Number(seed) });
}
