/**
 * Evidence uploads in flight: at most `windowBytes` of them and `maxTasks` at once (one always
 * runs, however large), the others wait in the order they came. The window follows the link
 * (LinkEstimate): on a slow line few bytes are in flight, so a small request does not queue
 * behind many large ones, and on a fast one enough to keep it busy.
 */
export class UploadWindow {
  private bytes = 0;
  private tasks = 0;
  private readonly waiting: { bytes: number; go: () => void }[] = [];

  constructor(private readonly limits: () => { windowBytes: number; maxTasks: number }) {}

  async run<T>(bytes: number, task: () => Promise<T>): Promise<T> {
    // Counted when it may start: at once, or by wake() when its turn comes.
    if (this.waiting.length > 0 || !this.fits(bytes)) await new Promise<void>((go) => this.waiting.push({ bytes, go }));
    else this.take(bytes);
    try {
      return await task();
    } finally {
      this.bytes -= bytes;
      this.tasks--;
      this.wake();
    }
  }

  private fits(bytes: number): boolean {
    const { windowBytes, maxTasks } = this.limits();
    if (this.tasks === 0) return true;
    return this.tasks < maxTasks && this.bytes + bytes <= windowBytes;
  }

  private take(bytes: number): void {
    this.bytes += bytes;
    this.tasks++;
  }

  private wake(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.bytes)) {
      const next = this.waiting.shift()!;
      this.take(next.bytes);
      next.go();
    }
  }
}
