// Floor: DuckDB reads the attendance CSV typed as pal-report does (dd.mm.yyyy dates, decimal
// commas) and groups it by participant. Needs `@duckdb/node-api` (not a dependency: install it
// as a dev dependency to get this row); exits 3 without it. Usage: node bench/baseline-duckdb.mjs file.csv
let DuckDBInstance;
try {
  ({ DuckDBInstance } = await import('@duckdb/node-api'));
} catch {
  process.exit(3);
}
const file = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const result = await con.runAndReadAll(`SELECT "Identyfikator", count(*), min("Data"), sum("Liczba godzin")
  FROM read_csv('${file.replace(/'/g, "''")}', delim=';', header=true, dateformat='%d.%m.%Y', decimal_separator=',') GROUP BY 1`);
console.log(result.getRows().length);
