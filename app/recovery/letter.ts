import { longDate } from "~/dates/long-date";
import { formatPence, type Pence } from "~/ledger/money";
import { reviewByDate, type RecoveryMethod } from "./rules";

/** Everything a recovery letter says, worked out when it is approved. */
export interface LetterInput {
  holderName: string;
  postalAddress: string | null;
  letterDate: string;
  commissionerName: string;
  amountPence: Pence;
  reason: string;
  workings: string;
  /** The direct-payment account's balance on the letter's date, before the recovery. */
  balancePence: Pence;
  method: RecoveryMethod;
  /** For "account". */
  repayBy: string | null;
  paymentReference: string | null;
  /** For "instalments": the parts, in order. */
  parts: Pence[];
  /** For "instalments": the next instalment due, if one is known. */
  nextInstalment: { dueOn: string; amountPence: Pence } | null;
  contact: { phone: string; email: string; openingHours: string } | null;
}

export interface LetterSection {
  heading: string;
  paragraphs: string[];
}

/** The letter as words: the page shows them and the PDF is rendered from them, so the two never differ. */
export interface LetterContent {
  title: string;
  date: string;
  to: string[];
  greeting: string;
  summary: string;
  sections: LetterSection[];
  signOff: string[];
}

const trimmed = (text: string) => text.trim();
const sentence = (text: string) => (/[.!?]$/.test(trimmed(text)) ? trimmed(text) : `${trimmed(text)}.`);

/**
 * The written notice the direct payment regulations require when money is asked back: the amount, why, how it was
 * worked out, how and by when it comes back, and how to ask for a review. In plain words, to be read by the person,
 * a parent or a carer: what has been decided, what they need to do (or that they need do nothing), and who to ask.
 */
export function recoveryLetter(input: LetterInput): LetterContent {
  const amount = formatPence(input.amountPence);
  const to = [
    input.holderName,
    ...(input.postalAddress ?? "")
      .split(/\r?\n|,\s*/)
      .map((l) => l.trim())
      .filter(Boolean),
  ];
  const reviewBy = longDate(reviewByDate(input.letterDate));
  const contact = input.contact
    ? `phone ${input.contact.phone} (${trimmed(input.contact.openingHours).replace(/\.$/, "")}) or email ${input.contact.email}`
    : "contact your personal health budget team";

  const next = input.method === "account" ? payBack(input, amount, contact) : fromInstalments(input, amount);
  return {
    title: `We are asking for ${amount} back from your direct payment`,
    date: longDate(input.letterDate),
    to,
    greeting: `Dear ${input.holderName}`,
    summary: `We have looked at how your direct payment has been used, and we have decided that ${amount} needs to go back to the NHS. This letter explains why, what happens next and what you can do if you do not agree.`,
    sections: [
      { heading: "Why we are asking for this money back", paragraphs: [sentence(input.reason)] },
      {
        heading: "How we worked out the amount",
        paragraphs: [sentence(input.workings), `On ${longDate(input.letterDate)} there was ${formatPence(input.balancePence)} in your direct payment account.`],
      },
      next,
      {
        heading: "If you do not agree",
        paragraphs: [
          `You can ask us to look at this decision again. This is called a review. Please ask by ${reviewBy}.`,
          `To ask for a review, ${contact}. Tell us why you think the decision is wrong and anything we should know. Someone else can ask for you, such as a family member, a carer or an advocate.`,
          "Someone who did not make this decision will look at it again and write to you with the answer.",
          "If you are still unhappy after the review, you can make a complaint through the NHS complaints procedure.",
        ],
      },
      {
        heading: "This letter in another format",
        paragraphs: [`If you need this letter in large print, easy read, braille, audio or another language, ${contact}.`],
      },
    ],
    signOff: ["Yours sincerely", "The personal health budget team", input.commissionerName],
  };
}

function payBack(input: LetterInput, amount: string, contact: string): LetterSection {
  return {
    heading: "What you need to do",
    paragraphs: [
      `Please pay ${amount} back from your direct payment account by ${input.repayBy ? longDate(input.repayBy) : "the date we agree with you"}.`,
      `To find out how to pay, ${contact}. When you pay, use the reference ${input.paymentReference ?? "we give you"} so we know the money is from you.`,
      `Your statement on the portal now shows ${amount} going back to the NHS, and your balance without it.`,
      "If you cannot pay by this date, or you need help to pay, please tell us as soon as you can. This does not change your care and support plan.",
    ],
  };
}

function fromInstalments(input: LetterInput, amount: string): LetterSection {
  const parts = input.parts;
  const first = parts[0] ?? 0;
  const last = parts[parts.length - 1] ?? 0;
  const each =
    parts.length === 1
      ? `We will take ${formatPence(first)} from your next payment.`
      : first === last
        ? `We will take ${formatPence(first)} from each of your next ${parts.length} payments.`
        : `We will take ${formatPence(first)} from each of your next ${parts.length - 1} payments, and ${formatPence(last)} from the payment after that.`;
  const paragraphs = ["You do not need to do anything.", `${each} That adds up to ${amount}.`];
  if (input.nextInstalment) {
    const reduced = Math.max(0, input.nextInstalment.amountPence - first);
    paragraphs.push(
      `Your next payment is due on ${longDate(input.nextInstalment.dueOn)}. It is ${formatPence(input.nextInstalment.amountPence)}, so ${formatPence(reduced)} will be left in your account after we take our part.`,
    );
  }
  paragraphs.push(
    "Your statement on the portal will show each payment in full, and the part we take from it, on the day it is paid.",
    "If this leaves you short of money for the support in your plan, please tell us straight away. This does not change your care and support plan.",
  );
  return { heading: "What happens next", paragraphs };
}

/** The letter as one block of text, in reading order: for a search, a test or a plain-text copy. */
export function letterText(letter: LetterContent): string {
  return [
    letter.title,
    letter.date,
    ...letter.to,
    letter.greeting,
    letter.summary,
    ...letter.sections.flatMap((s) => [s.heading, ...s.paragraphs]),
    ...letter.signOff,
  ].join("\n");
}
