import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id minimum (19 MiB, 2 passes), which keeps a sign-in well under a second on these machines.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** The check a sign-in runs, passed in so a test can see that it runs on every path. */
export type VerifyPassword = (passwordHash: string, password: string) => Promise<boolean>;

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** Verifying against this when the email is unknown keeps the reply time the same, so it reveals nothing. */
let dummyHash: Promise<string> | undefined;
export function unknownUserHash(): Promise<string> {
  dummyHash ??= hashPassword("not a real password");
  return dummyHash;
}
