import { z } from "zod";
import { JOURNAL_CODE_KEYS } from "./journal-codes";

// Letters and digits first, so a code can never start a formula in the spreadsheet the journal is opened in.
const CODE = /^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/;

/** A journal line's cost centre and subjective code, as finance's finance system names them. */
export const JournalCodeSchema = z.object({
  key: z.enum(JOURNAL_CODE_KEYS, { error: "Choose which lines to code" }),
  costCentre: z
    .string()
    .trim()
    .min(1, "Enter the cost centre, like PHB300")
    .max(20, "The cost centre must be 20 characters or fewer")
    .regex(CODE, "The cost centre must start with a letter or digit and use only letters, digits, spaces, dots, dashes and slashes"),
  subjectiveCode: z
    .string()
    .trim()
    .min(1, "Enter the subjective code, like 52141000")
    .max(20, "The subjective code must be 20 characters or fewer")
    .regex(CODE, "The subjective code must start with a letter or digit and use only letters, digits, spaces, dots, dashes and slashes"),
});
