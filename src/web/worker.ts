/**
 * The page's worker: it holds the chosen folder and answers the page's requests through the
 * engine (the use cases over the browser platform). A user's mistake comes back as the CLI's
 * message; anything else as a bug, never as silence.
 */
import './pdfkit-fonts.js';
import { Engine, UserFacingError } from './engine.js';
import type { Reply, Request } from './protocol.js';

const scope = self as unknown as { postMessage(m: Reply, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<Request>) => void) | null };
let engine: Engine | undefined;

function send(m: Reply): void {
  scope.postMessage(m, m.type === 'file' ? [m.bytes.buffer as ArrayBuffer] : []);
}

async function answer(req: Exclude<Request, { type: 'folder' }>): Promise<Reply> {
  if (!engine) return { type: 'failed', id: req.id, message: '' };
  // a message per read piece would flood the page: at most one each 50 ms, and the end of each file
  let last = 0;
  const progress = (done: number, total: number, file?: string) => {
    const now = performance.now();
    if (now - last < 50 && done < total) return;
    last = now;
    send({ type: 'progress', id: req.id, done, total, ...(file === undefined ? {} : { file }) });
  };
  switch (req.type) {
    case 'check':
      return { type: 'checked', id: req.id, result: await engine.check(req.options, progress) };
    case 'indicators':
      return { type: 'indicators', id: req.id, result: await engine.indicators(req.options, progress) };
    case 'download': {
      const file = await engine.download(req.what, req.options, progress);
      return { type: 'file', id: req.id, ...file };
    }
  }
}

scope.onmessage = (e) => {
  const req = e.data;
  if (req.type === 'folder') {
    engine = new Engine(new Map(req.files.map((f) => [f.path, f.file])));
    return;
  }
  void answer(req).then(send, (err: unknown) => {
    if (err instanceof UserFacingError) send({ type: 'failed', id: req.id, message: err.message });
    else send({ type: 'crashed', id: req.id, message: err instanceof Error ? `${err.message}${err.stack ? `\n${err.stack}` : ''}` : String(err) });
  });
};
