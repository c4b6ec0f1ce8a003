import { describe, expect, it } from "vitest";
import { invitationSetsPassword } from "./invitations";

describe("invitationSetsPassword", () => {
  it("sets the password of an account made with this invitation", () => {
    expect(invitationSetsPassword({ accountMadeNow: true, passwordInvitations: [], holderId: "a" })).toBe(true);
  });

  it("lets the holder whose invitation made the account send another while no password is set", () => {
    expect(invitationSetsPassword({ accountMadeNow: false, passwordInvitations: [{ holderId: "a", used: false }], holderId: "a" })).toBe(true);
  });

  it("never lets another holder set the password, even before the owner has", () => {
    expect(invitationSetsPassword({ accountMadeNow: false, passwordInvitations: [{ holderId: "a", used: false }], holderId: "b" })).toBe(false);
  });

  it("never sets a password once one is set, nor for an account made without an invitation", () => {
    expect(
      invitationSetsPassword({
        accountMadeNow: false,
        passwordInvitations: [
          { holderId: "a", used: true },
          { holderId: "a", used: false },
        ],
        holderId: "a",
      }),
    ).toBe(false);
    expect(invitationSetsPassword({ accountMadeNow: false, passwordInvitations: [], holderId: "a" })).toBe(false);
  });
});
