import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client.server";
import { holders } from "#db/schema";
import { handleError } from "~/entry.server";
import { createLogger, logger } from "~/logger.server";
import { createApp } from "../../server/app";
import { insertCommissioner, newNhsNumber } from "../factories";

/** What the portal's logger would have written, through its own serializers and redaction. */
function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const previous = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = "info";
  const capturing = createLogger(stream);
  process.env.LOG_LEVEL = previous;
  for (const level of ["info", "warn", "error"] as const) {
    vi.spyOn(logger, level).mockImplementation(capturing[level].bind(capturing));
  }
  return { text: () => lines.join("") };
}

describe("the logs", () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("never hold an invitation's token from the address a request came to", async () => {
    const app = createApp({
      build: () => Promise.reject(new Error("no Remix build in this test")),
      assets: [(_req, res) => void res.status(200).type("text/plain").send("set your password")],
    });
    const server = app.listen(0);
    try {
      await new Promise((resolve) => server.once("listening", resolve));
      const { port } = server.address() as AddressInfo;
      const token = "Tq9x-live-invitation-token_8f3kZ2";
      const response = await fetch(`http://127.0.0.1:${port}/invitation/${token}`);
      expect(response.status).toBe(200);
      await response.text();
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      server.close();
    }
    const text = logs.text();
    expect(text).toContain("/invitation/[redacted]");
    expect(text).not.toContain("Tq9x-live-invitation-token_8f3kZ2");
  });

  it("give a failed query's SQLSTATE and SQL but none of the values bound to it", async () => {
    const db = getDb();
    const c = await insertCommissioner();
    const nhsNumber = newNhsNumber();
    const person = { commissionerId: c.id, nhsNumber, givenName: "Zebedee", familyName: "Quillfeather", dateOfBirth: "1957-03-14", cohort: "chc" as const };
    await db.insert(holders).values(person);
    const error = await db
      .insert(holders)
      .values(person)
      .then(() => null)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);

    const token = "Tq9x-live-invitation-token_8f3kZ2";
    handleError(error, { request: new Request(`http://localhost/invitation/${token}`), params: {}, context: {} });

    const text = logs.text();
    expect(text).toContain("23505");
    expect(text).toContain('insert into \\"holders\\"');
    for (const secret of [nhsNumber, "Zebedee", "Quillfeather", "1957-03-14", token]) expect(text).not.toContain(secret);
  });
});
