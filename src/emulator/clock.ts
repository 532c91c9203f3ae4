/**
 * The emulator's clock (PUT /__emulator/clock): real time, or a time a test set, frozen there
 * until it is advanced. It drives `iat`, the `exp`/`nbf` checks and createdAt/updatedAt.
 */
export interface ClockState {
  /** The emulator's current time. */
  now: string;
  /** True when a test set the time: it stands still until advanced. */
  frozen: boolean;
}

export class Clock {
  readonly #real: () => Date;
  #fixed: number | undefined;

  /** `real` is the clock to follow when none is set (the Options' `now`, or the system's). */
  constructor(real: () => Date) {
    this.#real = real;
  }

  now(): Date {
    return this.#fixed === undefined ? this.#real() : new Date(this.#fixed);
  }

  /** Stops the clock at `at`. */
  set(at: Date): void {
    this.#fixed = at.getTime();
  }

  /** Moves a set clock on; a running one is stopped at now + `ms`. */
  advance(ms: number): void {
    this.#fixed = this.now().getTime() + ms;
  }

  /** Back to real time. */
  release(): void {
    this.#fixed = undefined;
  }

  state(): ClockState {
    return { now: this.now().toISOString(), frozen: this.#fixed !== undefined };
  }
}
