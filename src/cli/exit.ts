/**
 * @module cli/exit
 * Exit statuses of DESIGN.md and the one error type the CLI turns into a one-line message.
 */

/** 0 ran and found nothing, 1 ran and found something, 2 could not run. */
export const EXIT = { CLEAN: 0, FOUND: 1, ERROR: 2 } as const;

/**
 * A problem with the user's input (bad argument, unreadable file): printed as one line, exit 2.
 * Anything else that escapes a command is a bug and is reported as such.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
