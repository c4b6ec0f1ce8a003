import pino from "pino";

const NHS_NUMBER = /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g;
/** Addresses whose next segment is a credential: an invitation link works for 7 days for whoever holds it. */
const TOKEN_IN_PATH = /^\/+invitation\/+[^/]+/i;
/** A PostgreSQL SQLSTATE ("23505", "40P01"); Node's own codes ("EPIPE") have no digit. */
const SQLSTATE = /^(?=.*\d)[0-9A-Z]{5}$/;

/**
 * Structured logs. Passwords, cookies, NHS numbers, tokens in addresses and the values bound to a failed query
 * never reach them: known fields are redacted by path, anything that looks like an NHS number in a message or
 * URL is masked, and an error from the database is logged by its SQLSTATE and SQL alone.
 */
export function createLogger(destination?: pino.DestinationStream) {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
      redact: {
        paths: ["password", "*.password", "req.headers.cookie", "req.headers.authorization", "nhsNumber", "*.nhsNumber"],
        censor: "[redacted]",
      },
      serializers: { err: serializeError },
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

/** A request's path as the log may hold it: tokens and NHS numbers taken out. */
export function redactPath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Malformed escapes: check the path as it came.
  }
  // Routes match case-insensitively and after decoding, so "/Invit%61tion/<token>" reaches the same page.
  if (TOKEN_IN_PATH.test(decoded)) return "/invitation/[redacted]";
  return maskNhsNumbers(path);
}

/**
 * drizzle puts the bound values into a failed query's message ("params: ...") and PostgreSQL puts them into its
 * own ("Key (nhs_number)=(...)"), so a database error keeps only what identifies the fault: its SQLSTATE, the
 * SQL with its placeholders, the constraint, and where in our code it happened.
 */
export function serializeError(error: unknown): unknown {
  const fault = databaseFaultOf(error);
  if (!fault) {
    const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
    if (typeof serialized?.message === "string") serialized.message = maskNhsNumbers(serialized.message);
    if (typeof serialized?.stack === "string") serialized.stack = maskNhsNumbers(serialized.stack);
    return serialized;
  }
  const stack = typeof (error as Error).stack === "string" ? (error as Error).stack! : "";
  return {
    type: (error as Error).constructor?.name ?? (error as Error).name,
    message: `Database error${fault.code ? ` ${fault.code}` : ""}; the values bound to the query are left out`,
    ...fault,
    stack: stack
      .split("\n")
      .filter((line) => /^\s+at /.test(line))
      .join("\n"),
  };
}

function databaseFaultOf(error: unknown): { code?: string; query?: string; constraint?: string } | null {
  const fault: { code?: string; query?: string; constraint?: string } = {};
  let found = false;
  const seen = new Set<unknown>();
  for (let e = error as Record<string, unknown> | undefined; e && typeof e === "object" && !seen.has(e); e = e.cause as typeof e) {
    seen.add(e);
    if (typeof e.query === "string" && "params" in e) {
      fault.query ??= e.query;
      found = true;
    }
    if (typeof e.code === "string" && SQLSTATE.test(e.code)) {
      fault.code ??= e.code;
      if (typeof e.constraint === "string") fault.constraint ??= e.constraint;
      if (typeof e.constraint_name === "string") fault.constraint ??= e.constraint_name;
      found = true;
    }
  }
  return found ? fault : null;
}
