// Baseline: a bare exceljs streaming read of every row of every sheet. Prints the row count.
// Usage: node bench/baseline-exceljs.mjs file.xlsx
import ExcelJS from 'exceljs';

const [file] = process.argv.slice(2);
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit' });
let rows = 0;
for await (const sheet of reader) {
  for await (const _row of sheet) rows++;
}
console.log(rows);
