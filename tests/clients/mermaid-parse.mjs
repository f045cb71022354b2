// Parse each Mermaid file named on the command line with Mermaid's own parser.
// Prints "FILE ok TYPE" or "FILE ERROR message"; exits 1 if any file fails.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const result = await mermaid.parse(readFileSync(file, "utf8"));
    console.log(`${file} ok ${result.diagramType}`);
  } catch (err) {
    failed = 1;
    const message = String(err?.message ?? err).split("\n").join(" | ");
    console.log(`${file} ERROR ${message}`);
  }
}
process.exit(failed);
