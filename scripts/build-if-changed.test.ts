import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildInputsHash, needsBuild, STAMP } from "./build-if-changed.js";

function project() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "phb-build-"));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write("app/root.tsx", "export default 1;");
  write("app/routes/_index.tsx", "export default 2;");
  write("package-lock.json", "{}");
  return { root, write };
}

describe("building only when something changed", () => {
  it("builds when there is no build, or no stamp, and not again once the stamp matches", () => {
    const { root, write } = project();
    expect(needsBuild(root)).toBe(true);
    write("build/server/index.js", "built");
    expect(needsBuild(root)).toBe(true);
    write(STAMP, `${buildInputsHash(root)}\n`);
    expect(needsBuild(root)).toBe(false);
  });

  it("builds again when a page, a new file or the locked packages change, but not for files the build does not read", () => {
    const { root, write } = project();
    write("build/server/index.js", "built");
    const stamp = () => write(STAMP, buildInputsHash(root));
    stamp();
    write("README.md", "not read by the build");
    write("test/e2e/x.spec.ts", "nor this");
    expect(needsBuild(root)).toBe(false);
    for (const [file, text] of [
      ["app/routes/_index.tsx", "export default 3;"],
      ["app/routes/plan.tsx", "a new page"],
      ["package-lock.json", '{"lockfileVersion":3}'],
    ]) {
      write(file, text);
      expect(needsBuild(root), file).toBe(true);
      stamp();
    }
  });

  it("tells a renamed file from an edited one", () => {
    const a = project();
    const b = project();
    fs.renameSync(path.join(b.root, "app/root.tsx"), path.join(b.root, "app/root2.tsx"));
    expect(buildInputsHash(a.root)).not.toBe(buildInputsHash(b.root));
  });
});
