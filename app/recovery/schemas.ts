import { z } from "zod";
import { parseMoney } from "~/ledger/money";
import { MAX_INSTALMENTS } from "./rules";

const words = (empty: string, max = 2000) =>
  z
    .string({ error: empty })
    .transform((v) => v.trim())
    .refine((v) => v.length > 0, { message: empty })
    .refine((v) => v.length <= max, { message: `Use ${max.toLocaleString("en-GB")} characters or fewer` });

/**
 * A finance officer's proposal. The reason and the workings go into the holder's letter word for word. What prompted
 * it (a surplus flag, a bank line) is optional and only recorded: the proposal stands without it.
 */
export const ProposalSchema = z
  .object({
    amount: z.string({ error: "Enter the amount, like 250.00" }).transform((v, ctx) => {
      const parsed = parseMoney(v, "amount");
      if (parsed.ok && parsed.pence > 0) return parsed.pence;
      ctx.addIssue({ code: "custom", message: parsed.ok ? "The amount must be more than £0.00" : parsed.message });
      return z.NEVER;
    }),
    reason: words("Enter why the money is being asked back, as the person will read it"),
    workings: words("Enter how the amount was worked out, as the person will read it"),
    method: z.enum(["account", "instalments"], { error: "Choose how the money comes back" }),
    instalmentCount: z
      .string()
      .optional()
      .transform((v) => v?.trim() ?? ""),
    promptedByType: z
      .string()
      .optional()
      .transform((v) => (v && /^[a-z-]{1,40}$/.test(v) ? v : null)),
    promptedById: z
      .string()
      .optional()
      .transform((v) => (v && /^[A-Za-z0-9:_-]{1,100}$/.test(v) ? v : null)),
  })
  .transform((v, ctx) => {
    if (v.method === "account") return { ...v, instalmentCount: null };
    if (!/^\d{1,2}$/.test(v.instalmentCount) || Number(v.instalmentCount) < 1 || Number(v.instalmentCount) > MAX_INSTALMENTS) {
      ctx.addIssue({
        code: "custom",
        path: ["instalmentCount"],
        message: `Enter how many instalments to take it from, a whole number from 1 to ${MAX_INSTALMENTS}`,
      });
      return z.NEVER;
    }
    return { ...v, instalmentCount: Number(v.instalmentCount) };
  });
export type Proposal = z.output<typeof ProposalSchema>;

/** Refusing or withdrawing: the reason is kept with the record. */
export const DecisionReasonSchema = z.object({
  recoveryId: z.uuid({ error: "Choose a recovery" }),
  reason: words("Enter the reason", 1000),
});
