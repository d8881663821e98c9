/** `init [dir]`: a new project from the template, written only where it is told. */
import { initProject as writeProject } from '../init/index.js';
import type { Platform } from '../platform/index.js';

export interface InitOptions {
  /** The folder to write into, as given. */
  dir: string;
  /** A path as the user knows it (under the folder they named), for the refusal of a file already there. */
  shown?: (file: string) => string;
}

export interface InitResult {
  /** The folder written into (resolved). */
  dir: string;
  /** The files written, as paths. */
  files: string[];
}

export async function initProject(options: InitOptions, platform: Platform): Promise<InitResult> {
  return writeProject(platform, platform.inputs.resolve(options.dir), options.shown);
}
