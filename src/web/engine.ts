import type { CheckResult, Download, RunOptions } from './protocol.js';
export class UserFacingError extends Error {}
export class Engine {
  constructor(readonly files: ReadonlyMap<string, Blob>) {}
  async check(_o: RunOptions, _p: (d: number, t: number, f?: string) => void): Promise<CheckResult> { throw new UserFacingError('not yet'); }
  async indicators(_o: RunOptions, _p: (d: number, t: number, f?: string) => void): Promise<Pick<CheckResult, 'indicators' | 'indicatorsNote' | 'notes'>> { throw new UserFacingError('not yet'); }
  async download(_w: Download, _o: RunOptions, _p: (d: number, t: number, f?: string) => void): Promise<{ name: string; mime: string; bytes: Uint8Array }> { throw new UserFacingError('not yet'); }
}
