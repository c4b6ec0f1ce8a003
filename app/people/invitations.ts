/** A password-setting invitation already made for an account: which holder's link it was for, and whether it was used. */
export interface PasswordInvitation {
  holderId: string;
  used: boolean;
}

/**
 * Whether a holder's invitation may carry a token that sets the account's password. Only an account that has never
 * had a password, and only from the holder whose invitation made it: any other holder could otherwise set the
 * password of someone else's account and sign in as them. Every other invitation is accepted by the account's
 * owner, signed in.
 */
export function invitationSetsPassword(input: { accountMadeNow: boolean; passwordInvitations: PasswordInvitation[]; holderId: string }): boolean {
  if (input.accountMadeNow) return true;
  const { passwordInvitations } = input;
  return passwordInvitations.length > 0 && passwordInvitations.every((i) => !i.used && i.holderId === input.holderId);
}
