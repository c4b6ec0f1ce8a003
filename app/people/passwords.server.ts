import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id minimum (19 MiB, 2 passes), which keeps a sign-in well under a second on these machines.
export const PASSWORD_HASH_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/** The check a sign-in runs, passed in so a test can see that it runs on every path. */
export type VerifyPassword = (passwordHash: string, password: string) => Promise<boolean>;

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/**
 * What a sign-in for an unknown email address is checked against, so it costs what a real check costs and the
 * reply time reveals nothing. Fixed rather than made at start-up, so even the first such sign-in is no slower;
 * a test holds its cost parameters to PASSWORD_HASH_OPTIONS.
 */
export const UNKNOWN_USER_HASH = "$argon2id$v=19$m=19456,t=2,p=1$8OsbrNyh8o2Kg46rtaIpCg$ccR4T8rmdihP47delhYGlqcgO0NLodI07N6iOsSuhxA";
