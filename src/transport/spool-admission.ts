// Back-pressure at the spool's cap: an entry that does not fit waits (in order, behind every entry
// already waiting) until delivery has made room, so a caller that awaits each send stops reading
// its input instead of growing the spool without bound, dropping or tearing anything.
import { IdmefError } from "../core/errors.js";
import type { Spool } from "./spool.js";

interface Waiting {
  readonly body: string;
  readonly meta: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class SpoolAdmission {
  private readonly waiting: Waiting[] = [];
  private lifted = false;
  private fullSince: number | undefined;
  /** Times the spool filled up and sends had to wait. */
  fullEpisodes = 0;

  constructor(
    private readonly spool: Spool,
    private readonly onNotice: (text: string) => void,
  ) {}

  /** Appends the entry now when it fits (returns undefined), else resolves once it is appended. */
  offer(body: string, meta: string): Promise<void> | undefined {
    if (this.waiting.length === 0 && (this.lifted || this.spool.hasRoomFor(body, meta))) {
      this.spool.append(body, meta);
      return undefined;
    }
    if (this.fullSince === undefined) {
      this.fullSince = Date.now();
      this.fullEpisodes++;
      this.onNotice(
        `spool ${this.spool.dir} is full (${this.spool.bytes} bytes, cap ${this.spool.maxBytes}; --spool-max-bytes): ` +
          `waiting for the receiver to take messages before accepting more`,
      );
    }
    return new Promise((resolve, reject) => this.waiting.push({ body, meta, resolve, reject }));
  }

  /** Appends waiting entries, oldest first, while they fit; call after delivery freed room. */
  admit(): void {
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!;
      if (!this.lifted && !this.spool.hasRoomFor(next.body, next.meta)) return;
      this.waiting.shift();
      try {
        this.spool.append(next.body, next.meta);
        next.resolve();
      } catch (error) {
        next.reject(error);
      }
    }
    // The episode ends (and is told) only once the spool is down to half its cap: a receiver slower
    // than the input keeps the spool at the cap, and each freed segment must not print two lines.
    if (this.fullSince !== undefined && this.spool.bytes <= this.spool.maxBytes / 2) {
      const seconds = ((Date.now() - this.fullSince) / 1000).toFixed(1);
      this.onNotice(`spool ${this.spool.dir} has room again (${this.spool.bytes} bytes) after ${seconds} s at its cap`);
      this.fullSince = undefined;
    }
  }

  /** True while sends wait for room. */
  get full(): boolean {
    return this.waiting.length > 0;
  }

  /**
   * Stops honouring the cap: waiting and later entries are appended at once. For a stop, so that
   * what a daemon already took from its senders is kept (bounded by what it holds in memory).
   */
  lift(): void {
    this.lifted = true;
    this.admit();
  }

  /** Fails every waiting send (delivery stopped for good: no room will ever be made). */
  refuseAll(reason: string): void {
    for (const waiting of this.waiting.splice(0)) waiting.reject(this.refusal(reason));
    this.fullSince = undefined;
  }

  /** The error for a send that can never fit because delivery stopped. */
  refusal(reason: string): IdmefError {
    return new IdmefError(
      "DELIVERY_FAILED",
      `spool ${this.spool.dir} is full (cap ${this.spool.maxBytes} bytes) and delivery stopped: ${reason}`,
    );
  }
}
