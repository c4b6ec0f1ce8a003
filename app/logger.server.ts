import pino from "pino";

const NHS_NUMBER = /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g;

/**
 * Structured logs. Passwords, cookies and NHS numbers never reach them: known fields are redacted by path,
 * and anything that looks like an NHS number in a message or URL is masked.
 */
export function createLogger(destination?: pino.DestinationStream) {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
      redact: {
        paths: ["password", "*.password", "req.headers.cookie", "req.headers.authorization", "nhsNumber", "*.nhsNumber"],
        censor: "[redacted]",
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === "string" ? maskNhsNumbers(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

export const logger = createLogger();

export function maskNhsNumbers(text: string): string {
  return text.replace(NHS_NUMBER, "[nhs-number]");
}
