/** A signed-in session ends after this long without a request (NHS DSPT guidance for shared devices). */
export const IDLE_TIMEOUT_MS = 15 * 60 * 1000;
/** How long before the end the page warns, so the person can stay signed in. */
export const IDLE_WARNING_MS = 2 * 60 * 1000;

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_DURATION_MS = 15 * 60 * 1000;
/**
 * Failed sign-ins from one network before it must wait. Generous, because a whole office can share one address;
 * low enough that trying a few passwords on every account, below each account's lockout, stalls quickly.
 */
export const NETWORK_FAILURES = 30;
export const NETWORK_WINDOW_MS = 15 * 60 * 1000;

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

/** Failures count from the later of the window's start and the end of the last lock: a lock served is forgiven. */
export function failuresCountFrom(lockedUntil: Date | null, now: Date): Date {
  const windowStart = new Date(now.getTime() - LOCKOUT_WINDOW_MS);
  return lockedUntil && lockedUntil > windowStart ? lockedUntil : windowStart;
}

/**
 * Whether a new attempt is refused before its password is looked at: the account is locked, or enough failures
 * are already counted (some may still be being checked) that the lock is only waiting to be written.
 */
export function isLockedOut(lockedUntil: Date | null, failuresCounted: number, now: Date): boolean {
  return (lockedUntil !== null && lockedUntil > now) || failuresCounted >= LOCKOUT_FAILURES;
}

/** Whether a network has failed to sign in too often in the last NETWORK_WINDOW_MS to try again yet. */
export function networkMustWait(failuresInWindow: number): boolean {
  return failuresInWindow >= NETWORK_FAILURES;
}

/** How long an emailed password reset link works. */
export const RESET_MINUTES = 60;
