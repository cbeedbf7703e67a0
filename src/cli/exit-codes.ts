// Exit codes shared by every subcommand, so they mean the same thing everywhere.

/** Everything read was valid / converted; nothing rejected. */
export const EXIT_OK = 0;
/** Some input was invalid or rejected (the run itself completed). */
export const EXIT_REJECTS = 1;
/** Usage or configuration error: unknown option, unreadable file, bad config or plugin. */
export const EXIT_USAGE = 2;
/**
 * Delivery (--to) stopped because the receiver refused the setup, not a message: its certificate
 * is not trusted (--ca), it refused our client certificate (--tls-cert), our credentials or the
 * URL. Retrying would not help; the messages stay in the spool for the run after the fix.
 */
export const EXIT_DELIVERY_HALTED = 3;

/** A mistake in how the command was called; printed without a stack, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
