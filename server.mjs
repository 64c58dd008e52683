// `npm start`: the production web server. The same stack as remix-serve (Express, compression,
// immutable /assets, request log), plus what remix-serve lacks: on SIGTERM/SIGINT it stops
// accepting, lets open requests finish, then closes the app's Redis and database connections
// and exits 0, like the worker. (remix-serve only closes its listener, and those connections
// kept the process alive until the platform's SIGKILL.)
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const buildPath = resolve(process.argv[2] ?? "build/server/index.js");
const build = await import(pathToFileURL(buildPath).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });

/** Open requests get this long after a stop signal before the process exits anyway. */
const DRAIN_MS = Number(process.env.SHUTDOWN_DRAIN_MS ?? 20_000);

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.use(morgan("tiny"));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT ?? 3000);
const server = process.env.HOST ? app.listen(port, process.env.HOST) : app.listen(port);
server.on("listening", () => console.log(`[web] http://${process.env.HOST ?? "localhost"}:${port}`));

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`[web] ${signal}: finishing open requests`);
  const deadline = setTimeout(() => {
    console.error(`[web] requests still open after ${DRAIN_MS} ms; exiting`);
    process.exit(1);
  }, DRAIN_MS);
  deadline.unref();
  const shutdown = build.entry.module; // app/lib/shutdown.server.ts, re-exported by entry.server
  server.close(async () => {
    await shutdown.closeConnections();
    console.log("[web] closed");
    process.exit(0);
  });
  shutdown.endStreams();
  server.closeIdleConnections();
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
