import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.server";

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
});
