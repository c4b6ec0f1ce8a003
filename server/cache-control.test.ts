import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noStoreUnlessSet } from "./cache-control";

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    noStoreUnlessSet(res);
    if (req.url === "/asset") res.setHeader("Cache-Control", "public, max-age=31536000");
    if (req.url === "/head") res.writeHead(200, { "Cache-Control": "private, max-age=60" });
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("noStoreUnlessSet", () => {
  it("says no-store when the response sets no caching of its own", async () => {
    expect((await fetch(`${base}/page`)).headers.get("Cache-Control")).toBe("no-store");
  });

  it("leaves caching a response sets itself, however it sets it", async () => {
    expect((await fetch(`${base}/asset`)).headers.get("Cache-Control")).toBe("public, max-age=31536000");
    expect((await fetch(`${base}/head`)).headers.get("Cache-Control")).toBe("private, max-age=60");
  });
});
