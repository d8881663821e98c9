/**
 * A zip or workbook written straight to a file on disk (the bench's generators, the tests' hostile
 * archives): the writers' sink over a file descriptor, Node's zlib as their codec. A failure
 * removes the partial file.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { ZipWriter, type ByteSink, type ZipWriterOptions } from '../io/index.js';
import { nodeCodec } from './codec.js';

/** Creates (or truncates) `file` and writes what the writer gives it, in order. */
export function fileSink(file: string): ByteSink {
  const fd = openSync(file, 'w');
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    closeSync(fd);
  };
  return {
    write(b) {
      // its descriptor may be another file's by now
      if (!open) throw new Error(`${file} is closed`);
      let done = 0;
      while (done < b.length) done += writeSync(fd, b, done, b.length - done);
    },
    end: close,
    abort() {
      close();
      rmSync(file, { force: true });
    },
  };
}

/** A zip written to `file`. */
export function zipFile(file: string, options: ZipWriterOptions): ZipWriter {
  return ZipWriter.to(fileSink(file), nodeCodec, options);
}
