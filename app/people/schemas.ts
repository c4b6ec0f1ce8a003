import { z } from "zod";

export const SignInSchema = z.object({
  email: z
    .string({ error: "Enter your email address" })
    .trim()
    .email({ error: "Enter an email address in the correct format, like name@example.com" }),
  password: z.string({ error: "Enter your password" }),
  returnTo: z.string().optional(),
});

/** Only paths on this site, so a crafted link cannot send someone elsewhere after they sign in. */
export function safeReturnTo(value: string | undefined | null): string | null {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  return value;
}
