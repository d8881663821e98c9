/**
 * Test instrumentation for the submission race (test/corrections/race.test.ts), loaded with
 * `node --require`: a process that first reads PAL_BARRIER_FILE (the snapshot it is about to
 * check) waits there until PAL_BARRIER_PARTIES processes have reached the same point, so that
 * both submissions really read the old state before either publishes — on a loaded machine one
 * process would otherwise often finish before the other starts. Nothing of pal-report changes.
 */
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const { syncBuiltinESMExports } = require('node:module');

const target = process.env.PAL_BARRIER_FILE;
const dir = process.env.PAL_BARRIER_DIR;
const parties = Number(process.env.PAL_BARRIER_PARTIES);

if (target && dir && parties > 0) {
  // the core reads a snapshot through the platform, which opens it (src/node/files.ts)
  const original = fsp.open;
  let reached = false;
  fsp.open = async function open(file, ...rest) {
    if (!reached && typeof file === 'string' && path.resolve(file) === path.resolve(target)) {
      reached = true;
      fs.writeFileSync(path.join(dir, String(process.pid)), '');
      const until = Date.now() + 20_000;
      while (fs.readdirSync(dir).length < parties && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return original.call(this, file, ...rest);
  };
  syncBuiltinESMExports();
}
