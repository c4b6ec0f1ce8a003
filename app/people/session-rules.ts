/** A signed-in session ends after this long without a request (NHS DSPT guidance for shared devices). */
export const IDLE_TIMEOUT_MS = 15 * 60 * 1000;
/** How long before the end the page warns, so the person can stay signed in. */
export const IDLE_WARNING_MS = 2 * 60 * 1000;

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_DURATION_MS = 15 * 60 * 1000;

export function isIdleExpired(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= IDLE_TIMEOUT_MS;
}

/**
 * After a failed password, given the failures inside the window (this one included), either the time the
 * account stays locked until, or null.
 */
export function lockedUntilAfterFailure(failuresInWindow: number, now: Date): Date | null {
  return failuresInWindow >= LOCKOUT_FAILURES ? new Date(now.getTime() + LOCKOUT_DURATION_MS) : null;
}
