// The sandbox's front door to the app, like the load balancer of a real deployment. It
// forwards everything to the app and adds the sandbox's admin shell to the CSP
// frame-ancestors the app sets for embedding (the shell stands in for admin.shopify.com).
import http from "node:http";

export async function startEdgeProxy(opts: { port: number; target: string; frameAncestor: string }) {
  const target = new URL(opts.target);
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        const headers = { ...up.headers };
        const csp = headers["content-security-policy"];
        if (typeof csp === "string" && csp.includes("frame-ancestors")) {
          headers["content-security-policy"] = csp.replace("frame-ancestors", `frame-ancestors ${opts.frameAncestor}`);
        }
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      res.writeHead(502, { "Content-Type": "text/plain" });
      res.end(`The app is not answering yet (${err.message}). It may still be starting.`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(opts.port, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
