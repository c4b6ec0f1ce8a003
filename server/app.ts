import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import zlib from "node:zlib";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type RequestHandler } from "express";
import { CLIENT_ADDRESS_HEADER } from "../app/security/client-address";
import { isCrossSiteWrite } from "../app/security/origin";
import { refuseBody } from "../app/security/body-size";
import { securityHeaders } from "../app/security/headers";
import { logger, redactPath } from "../app/logger.server";
import type { TrustProxy } from "./trust-proxy";
import { withRequestScope } from "../db/tenant.server";
import { noStoreUnlessSet } from "./cache-control";

export interface AppOptions {
  /** The Remix build, or a function that loads it (Vite's dev server reloads it on every request). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Extra middleware before Remix: Vite's in development, static files in production. */
  assets: RequestHandler[];
  dev?: boolean;
  /** Which proxies' X-Forwarded-* headers to believe (see trust-proxy.ts); none when unset. */
  trustProxy?: TrustProxy;
  /** Compress responses here (the default), or leave it to a proxy in front (PORTAL_COMPRESSION=off). */
  compress?: boolean;
}

export function createApp(options: AppOptions) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);
  // The fastest level: a page still shrinks to about a fifth, for a fraction of the default level's CPU, which the
  // requests themselves need more (BENCHMARKS.md, "Pages over HTTP").
  if (options.compress !== false) app.use(compression({ level: zlib.constants.Z_BEST_SPEED }));

  app.use((req, res, next) => {
    // Our id for the request, never the client's, so audit rows cannot be given a forged one.
    const requestId = randomUUID();
    req.headers["x-request-id"] = requestId;
    res.locals.requestId = requestId;
    // The client's address as our trust proxy setting finds it, never what a client put in this header itself.
    req.headers[CLIENT_ADDRESS_HEADER] = req.ip ?? "unknown";
    const cspNonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = cspNonce;
    res.set(securityHeaders({ nonce: cspNonce, https: req.secure, dev: options.dev }));
    noStoreUnlessSet(res);
    res.set("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      logger.info(
        { requestId, method: req.method, path: redactPath(req.path), status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        "request",
      );
    });
    next();
  });

  app.use((req, res, next) => {
    const crossSite = isCrossSiteWrite({
      method: req.method,
      host: req.headers.host,
      origin: req.headers.origin,
      secFetchSite: req.headers["sec-fetch-site"],
    });
    if (crossSite) {
      logger.warn({ requestId: res.locals.requestId, origin: req.headers.origin }, "cross-site write refused");
      res.status(403).type("text/plain").send("This request came from another website, so it was refused.");
      return;
    }
    next();
  });

  app.use((req, res, next) => {
    const refused = refuseBody({
      method: req.method,
      path: req.path,
      contentLength: req.headers["content-length"],
      transferEncoding: req.headers["transfer-encoding"],
    });
    if (refused) {
      logger.warn({ requestId: res.locals.requestId, status: refused.status }, "request body refused");
      // Close the connection rather than read a body we will not use.
      res.status(refused.status).set("Connection", "close").type("text/plain").send(refused.message);
      return;
    }
    next();
  });

  for (const handler of options.assets) app.use(handler);

  const remix = createRequestHandler({
    build: options.build,
    mode: options.dev ? "development" : "production",
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string, requestId: res.locals.requestId as string }),
  });
  // Express 4 does not await a handler: a rejection goes to its error handler, not nowhere.
  // Each request in a database scope of its own: no commissioner's rows until its session names the user.
  app.all("*", (req, res, next) => {
    withRequestScope(() => remix(req, res, next)).catch(next);
  });
  return app;
}

export function productionAssets(root: string): RequestHandler[] {
  const client = path.join(root, "build/client");
  const router = express.Router();
  // Vite fingerprints the bundles it builds into /assets, so those can be cached for a year.
  router.use("/assets", express.static(path.join(client, "assets"), { maxAge: "1y", index: false }));
  router.use(express.static(client, { maxAge: "1h", index: false }));
  return [router];
}
