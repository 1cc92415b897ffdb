// A decode thread for `fleet add` (store.ts, option decodeWorker): reads the files it is sent
// and answers each with its rows as transferred typed columns (decode.ts), or with the reason
// the file was refused. Bundled on its own (esbuild), since a worker starts from a file.
import { parentPort } from 'node:worker_threads';
import { packFile, readSnapshot } from './decode';

export interface DecodeRequest {
  seq: number;
  file: string;
  host: string | undefined;
}

export type DecodeReply = { seq: number; ok: true; packed: ReturnType<typeof packFile>['packed'] } | { seq: number; ok: false; reason: string };

const port = parentPort;
if (!port) throw new Error('decode-worker runs only as a worker thread');

port.on('message', (req: DecodeRequest) => {
  try {
    const { packed, transfer } = packFile(readSnapshot(req.file, req.host));
    port.postMessage({ seq: req.seq, ok: true, packed } satisfies DecodeReply, transfer);
  } catch (e) {
    const what = e instanceof Error ? e.message : String(e);
    port.postMessage({ seq: req.seq, ok: false, reason: what } satisfies DecodeReply);
  }
});
