/**
 * The README cannot rot: every `$ pal-report …` example is run on the demo and must print
 * exactly what the README shows; and the install a new user does leaves the checkout clean.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../src/cli/io.js';
import { runCli } from '../src/cli/run.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Code blocks that start with `$ pal-report`: the command line and the output under it. */
function examples(): { command: string; output: string }[] {
  const out: { command: string; output: string }[] = [];
  for (const m of README.matchAll(/```[a-z]*\n\$ pal-report ([^\n]*)\n([\s\S]*?)```/g)) {
    out.push({ command: m[1] ?? '', output: m[2] ?? '' });
  }
  return out;
}

/** Splits a command line as a shell would for these examples (no quotes are used in them). */
function argv(command: string): string[] {
  return command.trim().split(/\s+/);
}

describe('README examples', () => {
  it('there are examples of validate, indicators and periods', () => {
    const commands = examples().map((e) => argv(e.command)[0]);
    expect(commands).toEqual(expect.arrayContaining(['validate', 'indicators', 'periods']));
  });
  for (const example of examples()) {
    it(`$ pal-report ${example.command}`, async () => {
      const io = memoryIO(ROOT);
      await runCli(argv(example.command), io);
      expect(io.out).toBe(example.output);
    });
  }
});

describe('a fresh install', () => {
  it('package.json and package-lock.json agree, so npm install does not rewrite the lock file', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, Record<string, string>>> };
    const root = lock.packages[''] ?? {};
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
  });
});
