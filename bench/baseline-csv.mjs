// Baseline: a bare csv-parse pass (array mode) over a CSV, decoding with TextDecoder.
// Prints the record count. Usage: node bench/baseline-csv.mjs file.csv [utf-8|windows-1250]
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const [file, encoding = 'utf-8'] = process.argv.slice(2);
const decoder = new TextDecoder(encoding);
let records = 0;
const parser = parse({ delimiter: ';', relax_column_count: true, bom: true });
parser.on('readable', () => {
  while (parser.read() !== null) records++;
});
const done = new Promise((resolve, reject) => {
  parser.on('end', resolve);
  parser.on('error', reject);
});
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
  if (!parser.write(decoder.decode(chunk, { stream: true }))) await new Promise((r) => parser.once('drain', r));
}
parser.end(decoder.decode());
await done;
console.log(records);
