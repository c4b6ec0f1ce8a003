import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import path from "node:path";
import remixConfig from "./remix.config.js";

export default defineConfig({
  plugins: [remix(remixConfig)],
  resolve: {
    alias: { "~": path.resolve("app"), "#db": path.resolve("db") },
  },
  css: { preprocessorOptions: { scss: { quietDeps: true, loadPaths: [path.resolve("node_modules")] } } },
  // The gzip size of every chunk is only for reading in the build's output, and takes a second of each fresh start.
  build: { reportCompressedSize: false },
  server: { port: Number(process.env.PORT ?? 3000) },
});
