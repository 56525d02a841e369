// Text of a PDF as pdf.js (Firefox's reader) extracts it: getTextContent per page, items joined in
// their order, a newline where pdf.js marks the end of a line. Usage: node extract.mjs FILE.pdf
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const data = new Uint8Array(readFileSync(process.argv[2]));
const pdf = await getDocument({ data, verbosity: 0, useSystemFonts: false }).promise;
const out = [];
for (let n = 1; n <= pdf.numPages; n++) {
  const page = await pdf.getPage(n);
  const content = await page.getTextContent();
  for (const item of content.items) {
    out.push(item.str);
    if (item.hasEOL) out.push("\n");
  }
  out.push("\n\f");
}
process.stdout.write(out.join(""));
