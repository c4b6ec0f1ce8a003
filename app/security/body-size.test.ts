import { describe, expect, it } from "vitest";
import { formShapeProblem, MAX_FORM_FIELDS, MAX_REQUEST_BYTES, refuseBody } from "./body-size";

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
  it("leaves the size to the bank statement pages, which take a statement of up to 10 MB", () => {
    expect(post({ path: "/budget/bank-statements", contentLength: String(2 * MAX_REQUEST_BYTES) })).toBeNull();
    expect(post({ path: "/staff/holders/5c3e1f0a-0000-4000-8000-000000000001/bank-statements", contentLength: String(2 * MAX_REQUEST_BYTES) })).toBeNull();
    expect(post({ path: "/staff/holders/x/bank-account", contentLength: String(2 * MAX_REQUEST_BYTES) })).toMatchObject({ status: 413 });
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

describe("formShapeProblem", () => {
  it("lets the plan form's fields and rows through", () => {
    const names = ["planVersionId", "whatMatters", "outcomes[0].outcome", ...Array.from({ length: 100 }, (_, i) => `supportLines[${i}].description`)];
    expect(formShapeProblem(names)).toBeNull();
    expect(formShapeProblem(Array.from({ length: MAX_FORM_FIELDS }, () => "kept"))).toBeNull();
  });
  it("refuses more fields than any form has, however they are named", () => {
    expect(formShapeProblem(Array.from({ length: MAX_FORM_FIELDS + 1 }, () => "kept"))).toBe("The form has too many fields: it must have 5,000 or fewer.");
  });
  it("refuses a row number past any form's before it becomes an array that long", () => {
    expect(formShapeProblem(["supportLines[999].description"])).toBeNull();
    expect(formShapeProblem(["supportLines[1000].description"])).toBe("The form has too many rows: it must have 1,000 or fewer.");
    expect(formShapeProblem(["supportLines[0099999999].description"])).not.toBeNull();
    expect(formShapeProblem(["outcomes[0].x[12345]"])).not.toBeNull();
  });
  it("refuses a field name longer than any of ours", () => {
    expect(formShapeProblem(["a.".repeat(200)])).toBe("The form has a field with a name that is too long.");
  });
});
