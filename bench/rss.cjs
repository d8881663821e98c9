// Preloaded into a measured process (NODE_OPTIONS=--require): writes its peak RSS in kB to
// the file named by PAL_BENCH_RSS_FILE when the process exits.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.PAL_BENCH_RSS_FILE) writeFileSync(process.env.PAL_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
