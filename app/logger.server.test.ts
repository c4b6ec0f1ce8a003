import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactPath } from "./logger.server";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger(stream) };
}

describe("logger", () => {
  it("never writes a password, a cookie or an NHS number", () => {
    process.env.LOG_LEVEL = "info";
    const { lines, logger } = capture();
    logger.info(
      { password: "hunter2-secret", form: { password: "also-secret" }, req: { headers: { cookie: "phb_session=abc" } }, nhsNumber: "9434765919" },
      "sign-in for 943 476 5919 failed",
    );
    logger.warn("looked up 9434765919 and 943-476-5919");
    const text = lines.join("");
    for (const secret of ["hunter2-secret", "also-secret", "phb_session=abc", "9434765919", "943 476 5919", "943-476-5919"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("[nhs-number]");
    expect(text).toContain("[redacted]");
  });

  it("keeps a failed query's SQLSTATE, SQL and constraint, and none of its values, however deep they sit", () => {
    process.env.LOG_LEVEL = "info";
    const { lines, logger } = capture();
    // The shape drizzle and the PostgreSQL drivers give: values in drizzle's message, in its params and in the detail.
    const pg = Object.assign(new Error('duplicate key value violates unique constraint "holders_nhs_number_key"'), {
      code: "23505",
      severity: "ERROR",
      constraint: "holders_nhs_number_key",
      detail: "Key (commissioner_id, nhs_number)=(c0ffee, 9434765919) already exists.",
    });
    const query = 'insert into "holders" ("nhs_number", "given_name") values ($1, $2)';
    const drizzle = Object.assign(new Error(`Failed query: ${query}\nparams: 9434765919,Zebedee`), { query, params: ["9434765919", "Zebedee"], cause: pg });
    logger.error({ err: new Error("saving the holder failed", { cause: drizzle }) }, "unexpected error");
    const text = lines.join("");
    for (const secret of ["9434765919", "Zebedee", "c0ffee"]) expect(text).not.toContain(secret);
    const { err } = JSON.parse(text) as { err: Record<string, string> };
    expect(err).toMatchObject({ code: "23505", query, constraint: "holders_nhs_number_key" });
    expect(err.stack).toMatch(/^\s+at /);
  });

  it("still logs an ordinary error's message and stack, with NHS numbers masked", () => {
    process.env.LOG_LEVEL = "info";
    const { lines, logger } = capture();
    logger.error({ err: new Error("no holder 943 476 5919 in this commissioner") }, "unexpected error");
    const { err } = JSON.parse(lines.join("")) as { err: Record<string, string> };
    expect(err.message).toBe("no holder [nhs-number] in this commissioner");
    expect(err.stack).toContain("[nhs-number]");
    expect(err.stack).not.toContain("943 476 5919");
  });
});

describe("redactPath", () => {
  it.each([
    ["/invitation/Tq9x-token", "/invitation/[redacted]"],
    ["/invitation/Tq9x-token.data", "/invitation/[redacted]"],
    ["/Invitation/Tq9x-token/", "/invitation/[redacted]"],
    ["/invit%61tion/Tq9x-token", "/invitation/[redacted]"],
    ["//invitation/Tq9x-token", "/invitation/[redacted]"],
    ["/staff/holders/9434765919", "/staff/holders/[nhs-number]"],
    ["/spending/new", "/spending/new"],
    ["/invitations", "/invitations"],
  ])("logs %s as %s", (path, logged) => {
    expect(redactPath(path)).toBe(logged);
  });
});
