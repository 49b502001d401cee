import { parentPort } from 'node:worker_threads';
import { isImagingError } from '../errors';
import { imagingHandlers } from './handlers';
import { isImagingRequest, type ImagingResponse } from './protocol';

/**
 * Entry of the imaging worker thread: decoding, warping and encoding images stays off the
 * main process's event loop, so the UI and the card session never wait for a scan.
 */
const port = parentPort;
if (!port) throw new Error('imaging-worker runs as a worker thread only.');

port.on('message', async (message: unknown) => {
  if (!isImagingRequest(message)) {
    const id = typeof message === 'object' && message !== null && typeof (message as { id?: unknown }).id === 'number' ? (message as { id: number }).id : -1;
    port.postMessage({ id, ok: false, error: { code: 'internal', message: 'Malformed imaging request.' } } satisfies ImagingResponse);
    return;
  }
  let response: ImagingResponse;
  try {
    const handler = imagingHandlers[message.method] as (params: unknown) => Promise<unknown>;
    response = { id: message.id, ok: true, result: await handler(message.params) };
  } catch (error) {
    // Error messages of the imaging layer never carry image content or personal data.
    response = isImagingError(error)
      ? { id: message.id, ok: false, error: { code: error.code, message: error.message } }
      : { id: message.id, ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
  // Results are copied, not transferred: sharp's output buffers are external memory that
  // cannot be moved between threads, and a page's results are a few hundred kilobytes.
  try {
    port.postMessage(response);
  } catch (error) {
    port.postMessage({ id: message.id, ok: false, error: { code: 'internal', message: `Result not sendable: ${String(error)}` } } satisfies ImagingResponse);
  }
});

