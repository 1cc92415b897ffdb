// Drag-and-drop of a file, the way a user drops it from the desktop: a DataTransfer built in
// the page from the file's bytes, dispatched as dragenter/dragover/drop on a visible element
// (the events bubble to whatever listens: the element, the app root or the window).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Locator } from '@playwright/test';

export async function dropFile(target: Locator, file: string, type = 'application/gzip'): Promise<void> {
  const b64 = readFileSync(file).toString('base64');
  await target.evaluate(
    (el, { b64, name, type }) => {
      const bin = atob(b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type }));
      for (const kind of ['dragenter', 'dragover', 'drop']) {
        el.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    },
    { b64, name: basename(file), type },
  );
}
