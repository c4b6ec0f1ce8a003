// `npm start` builds the portal only when a file the build reads has changed since the last build: a second start
// with nothing changed goes straight to serving. The build is stamped with a hash of those files' paths and contents.
/* global process, console -- Node's, for a script linted as plain JavaScript */
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** What `remix vite:build` reads: the app and database code it bundles, public files, its configuration and the locked packages. */
export const BUILD_INPUTS = ["app", "db", "public", "vite.config.ts", "remix.config.js", "tsconfig.json", "package.json", "package-lock.json"];
export const STAMP = path.join("build", ".inputs-sha256");
const BUILT = path.join("build", "server", "index.js");

function filesUnder(root, relative) {
  const full = path.join(root, relative);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [relative];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(root, path.join(relative, name)));
}

/** One hash over every input file's path and content, in a fixed order. */
export function buildInputsHash(root) {
  const hash = createHash("sha256");
  for (const file of BUILD_INPUTS.flatMap((input) => filesUnder(root, input))) {
    hash.update(`${file.split(path.sep).join("/")}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** Whether the build in `root` is missing or was made from other files than those there now. */
export function needsBuild(root, hash = buildInputsHash(root)) {
  if (!fs.existsSync(path.join(root, BUILT))) return true;
  const stamp = path.join(root, STAMP);
  return !fs.existsSync(stamp) || fs.readFileSync(stamp, "utf8").trim() !== hash;
}

function main(root) {
  const hash = buildInputsHash(root);
  if (!needsBuild(root, hash)) {
    console.log("Nothing has changed since the last build: starting the portal from it.");
    return 0;
  }
  const built = spawnSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], {
    cwd: root,
    stdio: "inherit",
  });
  if (built.status !== 0) return built.status ?? 1;
  fs.writeFileSync(path.join(root, STAMP), `${hash}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exit(main(process.cwd()));
