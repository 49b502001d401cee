import { setFlagsFromString } from 'node:v8';

/**
 * Room in the heap for the imaging threads' pixel buffers. Recognizing a page allocates some
 * 20-30 MB of short-lived typed arrays (the decoded picture, its grey levels, the straightened
 * page, the stamp boxes' windows and masks). With V8's default start size of the old
 * generation (a few MB), their memory set off a full garbage collection on every page, in the
 * recognizing thread and in the box helper alike, and the concurrent marking took the second
 * core from the box measure: on this project's scans a page took 108-115 ms instead of 78-83.
 * A start size of 128 MB lets the buffers of several pages die young; the threads' upper
 * limits (maxOldGenerationSizeMb) are unchanged.
 *
 * V8 reads the start size when a thread's heap is made, so this is set in the process before
 * the first imaging thread starts. It is a flag of the whole process: threads started later
 * for other work start with the same room, which costs them nothing until they use it.
 */
export const imagingInitialOldSpaceMb = 128;

let given = false;

/** Call before starting an imaging thread; once per process is enough. */
export function giveImagingThreadsHeapRoom(): void {
  if (given) return;
  given = true;
  setFlagsFromString(`--initial-old-space-size=${imagingInitialOldSpaceMb}`);
}
