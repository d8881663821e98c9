/**
 * Same data, any writer, with the LibreOffice of this machine (`npm run test:clients`): the demo
 * workbooks are converted to XLSX and to ODS during the run, and both give the indicators and
 * the issues of the original. The committed conversions (fixtures/ods) are checked the same way
 * in `npm test`; this run proves it still holds for whatever LibreOffice CI installs.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { soffice } from '../helpers/clients.js';
import { DEMO, DEMO_WORKBOOKS, demoSavedAs, DEMO_MID, indicatorsOf, issuesAt } from '../helpers/writers.js';

describe('the demo saved by this LibreOffice', () => {
  it('as XLSX and as ODS: the same indicators and the same issues at the same cells', async () => {
    const expectedIssues = await issuesAt(DEMO, DEMO_MID);
    const expectedIndicators = await indicatorsOf(DEMO);
    // copies first: LibreOffice writes an XLSX beside nothing of the same name
    const originals = await mkdtemp(path.join(tmpdir(), 'pal-lo-in-'));
    const inputs: string[] = [];
    for (const w of DEMO_WORKBOOKS) {
      const copy = path.join(originals, `${path.basename(w)}.xlsx`);
      await cp(path.join(DEMO, 'dane', `${w}.xlsx`), copy);
      inputs.push(copy);
    }
    for (const ext of ['xlsx', 'ods'] as const) {
      // one LibreOffice start converts them all
      const outputs = await soffice(inputs, ext === 'xlsx' ? 'xlsx:Calc MS Excel 2007 XML' : 'ods');
      expect(outputs.map((o) => path.basename(o)).sort()).toEqual(inputs.map((i) => path.basename(i).replace(/xlsx$/, ext)).sort());
      const dir = await demoSavedAs(path.dirname(outputs[0] as string), ext);
      expect(await issuesAt(dir, DEMO_MID), ext).toEqual(expectedIssues);
      expect(await indicatorsOf(dir), ext).toEqual(expectedIndicators);
      await rm(dir, { recursive: true });
    }
  }, 300_000);
});
