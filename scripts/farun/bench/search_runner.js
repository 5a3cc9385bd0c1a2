/* Run the site's search worker in node, exactly as a browser runs it:
 *   node search_runner.js WORKER_JS INDEX [K] < queries.json > results.json
 * INDEX is the built site's search/farun-search.json (the worker fetches the shards it names
 * from the files beside it, as a browser fetches them online) or the offline bundle's
 * search/search_index.js (var __index = {config: {farun_inline}}), or one compact index as a file.
 * Prints {query: [{location, title, text}, ...]}: the first K pages, best first.
 */
"use strict";
const fs = require("fs");
const vm = require("vm");

const [workerPath, indexPath, kArg] = process.argv.slice(2);
const k = parseInt(kArg || "10", 10);
let handler = null;
let pending = 0, fetched = 0;
let reply = null;
const sandbox = {
  addEventListener: (type, fn) => { if (type === "message") handler = fn; },
  postMessage: (message) => { reply = message; },
  fetch: (url) => {  /* the shards from disk, beside the stub */
    const name = decodeURIComponent(new URL(String(url)).pathname.split("/").pop());
    pending++;
    const file = require("path").join(require("path").dirname(indexPath), name);
    return new Promise((resolve) => setImmediate(() => { pending--; fetched++; resolve({
      ok: fs.existsSync(file), status: fs.existsSync(file) ? 200 : 404,
      json: () => Promise.resolve(JSON.parse(fs.readFileSync(file, "utf8"))),
    }); }));
  },
  URL, console, self: { location: { href: "file:///worker/assets/javascripts/search-worker.js" } },
};
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(workerPath, "utf8"), sandbox, { filename: workerPath });

const raw = fs.readFileSync(indexPath, "utf8");
let config;
if (indexPath.endsWith(".js")) {
  const holder = {};
  vm.runInNewContext(raw.replace(/^\s*var __index\s*=/, "__index ="), holder);
  config = holder.__index.config;
} else {
  const data = JSON.parse(raw);  /* the stub, or one compact index (the ranking tests write one) */
  config = data.config || { farun_inline: data };
}

async function main() {
  handler({ data: { type: 0, data: { config, docs: [], options: {} } } });
  /* every shard fetched and added: the fetches above resolve one event-loop turn each */
  while (fetched < (config.farun_shards || []).length || pending) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  if (!reply || reply.type !== 1) throw new Error("the worker did not answer SETUP");

  const queries = JSON.parse(fs.readFileSync(0, "utf8"));
  const out = {};
  for (const query of queries) {
    handler({ data: { type: 2, data: query } });
    out[query] = reply.data.items.slice(0, k).map((group) => ({
      location: group[0].location, title: group[0].title, text: group[0].text, tags: group[0].tags,
      sections: group.slice(1).map((s) => s.location),
    }));
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((err) => { console.error(err); process.exit(1); });
