/**
 * The platforms tests hand the core: the disk (Node's, at the process's directory), and the
 * in-memory one over Node's zlib with the program's real assets (fonts, template) when asked.
 */
import { readFile } from 'node:fs/promises';
import { assetFile, nodePlatform } from '../../src/node/index.js';
import { nodeCodec } from '../../src/node/codec.js';
import type { AssetName } from '../../src/platform/index.js';
import { memoryPlatform, type MemoryOptions, type MemoryPlatform } from '../../src/platform/memory.js';

export const disk = nodePlatform();

/** A memory platform with Node's codec and the named assets read from the program's files. */
export async function inMemory(options: Omit<MemoryOptions, 'codec'> & { withAssets?: readonly AssetName[] } = {}): Promise<MemoryPlatform> {
  const assets: Partial<Record<AssetName, Uint8Array>> = { ...options.assets };
  for (const name of options.withAssets ?? []) assets[name] = new Uint8Array(await readFile(assetFile(name)));
  return memoryPlatform({ ...options, codec: nodeCodec, assets });
}
