// A tiny static file server for the rendered site, on 127.0.0.1 only.
// A directory is served as its index.html ("/en-us/" → en-us/index.html);
// a directory asked for without its trailing slash is redirected to it, as
// static hosts do, so that the site's relative links resolve the same way.
//
// As a module: `const server = await serve(dir); server.url; await server.close();`
// By hand:     node server.mjs DIR [PORT]

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isDirectory(path) {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function handle(root, req, res) {
  const url = new URL(req.url, "http://127.0.0.1");
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return send(res, 400, "text/plain", "bad request");
  }
  const path = resolve(root, "." + pathname);
  if (path !== root && !path.startsWith(root + sep)) {
    return send(res, 403, "text/plain", "forbidden");
  }
  let file = path;
  if (await isDirectory(path)) {
    if (!pathname.endsWith("/")) {
      res.writeHead(301, { Location: url.pathname + "/" + url.search });
      return res.end();
    }
    file = join(path, "index.html");
  }
  if (!(await isFile(file))) {
    const notFound = join(root, "404.html");
    const body = (await isFile(notFound)) ? await readFile(notFound) : "not found";
    return send(res, 404, TYPES[".html"], body, req.method);
  }
  const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
  send(res, 200, type, await readFile(file), req.method);
}

function send(res, status, type, body, method = "GET") {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(method === "HEAD" ? undefined : body);
}

/** Serves `dir` on 127.0.0.1 at `port` (0: any free port). */
export async function serve(dir, port = 0) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    handle(root, req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, "text/plain", String(err));
      else res.destroy();
    });
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", ok);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [dir, port] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node server.mjs DIR [PORT]");
    process.exit(2);
  }
  const server = await serve(dir, Number(port ?? 8000));
  console.log(`serving ${resolve(dir)} at ${server.url}/`);
}
