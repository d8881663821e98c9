/** The platform on Node: the CLI's way to the disk, zlib and the clock (src/platform says what it is). */
export { nodeCodec } from './codec.js';
export { openFile } from './files.js';
export { nodePlatform } from './platform.js';
