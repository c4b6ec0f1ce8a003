import { describe, expect, it } from "vitest";
import { hashPassword, PASSWORD_HASH_OPTIONS, UNKNOWN_USER_HASH, verifyPassword } from "./passwords.server";

describe("passwords", () => {
  it("checks an unknown email address against a hash that costs what a real one costs", async () => {
    const { memoryCost, timeCost, parallelism } = PASSWORD_HASH_OPTIONS;
    expect(UNKNOWN_USER_HASH.startsWith(`$argon2id$v=19$m=${memoryCost},t=${timeCost},p=${parallelism}$`)).toBe(true);
    const real = await hashPassword("Correct-horse-battery-1");
    expect(real.split("$").slice(0, 4)).toEqual(UNKNOWN_USER_HASH.split("$").slice(0, 4));
    expect(await verifyPassword(UNKNOWN_USER_HASH, "Correct-horse-battery-1")).toBe(false);
  });
});
