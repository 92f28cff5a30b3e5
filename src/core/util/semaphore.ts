/** At most `limit` holders at a time; the rest wait in FIFO order. The limit can change. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private limit: number) {}

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** A lower limit lets the holders finish and admits no one until fewer than it remain. */
  setLimit(limit: number): void {
    this.limit = Math.max(1, limit);
    this.admit();
  }

  async acquire(): Promise<() => void> {
    if (this.active < this.limit && this.waiting.length === 0) {
      this.active++;
    } else {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.admit();
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.admit();
    };
  }

  private admit(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()?.();
    }
  }
}
