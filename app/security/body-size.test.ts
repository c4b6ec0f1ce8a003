import { describe, expect, it } from "vitest";
import { MAX_REQUEST_BYTES, refuseBody } from "./body-size";

const post = (over: Partial<Parameters<typeof refuseBody>[0]>) =>
  refuseBody({ method: "POST", path: "/sign-in", contentLength: undefined, transferEncoding: undefined, ...over });

describe("refuseBody", () => {
  it("lets a declared body within the limit through", () => {
    expect(post({ contentLength: String(MAX_REQUEST_BYTES) })).toBeNull();
  });
  it("refuses a declared body over the limit with 413", () => {
    expect(post({ contentLength: String(MAX_REQUEST_BYTES + 1) })).toMatchObject({ status: 413 });
  });
  it("leaves the size to the spend form, which answers with a message on the form", () => {
    expect(post({ path: "/spending/new", contentLength: String(100 * MAX_REQUEST_BYTES) })).toBeNull();
  });
  it("refuses a chunked body with no declared length with 411, the spend form included", () => {
    expect(post({ transferEncoding: "chunked" })).toMatchObject({ status: 411 });
    expect(post({ path: "/spending/new", transferEncoding: "chunked" })).toMatchObject({ status: 411 });
  });
  it("leaves reads alone, and a POST with no body at all", () => {
    expect(refuseBody({ method: "GET", path: "/", contentLength: undefined, transferEncoding: "chunked" })).toBeNull();
    expect(post({})).toBeNull();
  });
});
