/**
 * A background loop: runs `tick` after `intervalMs`, and again `intervalMs` after each tick ends (ticks never
 * overlap), logs a failed tick instead of stopping, and on stop waits for the tick in progress. The timer does not
 * keep the process alive. Schedulers of pulls and harvests stand on it.
 */
export interface PollLoopOptions {
  intervalMs: number;
  tick: () => Promise<unknown>;
  onError: (error: unknown) => void;
}

export class PollLoop {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<unknown> | undefined;
  private stopped = true;

  constructor(private readonly options: PollLoopOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** No new tick starts; resolves when the one in progress (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.ticking = this.options.tick()
        .catch(this.options.onError)
        .finally(() => {
          this.ticking = undefined;
          if (!this.stopped) this.schedule();
        });
    }, this.options.intervalMs);
    this.timer.unref?.();
  }
}
