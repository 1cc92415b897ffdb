'use client';
/** What the page shows before a source answers: "Connecting…", or why nothing could be opened. */
export function BootScreen({ fatal, download, onFile }: { fatal: string | null; download: string | null; onFile: (f: File) => Promise<void> }) {
  if (!fatal) {
    return (
      <div className="p-6 text-[var(--color-dim)]" data-testid="app-loading">
        Connecting…
      </div>
    );
  }
  return (
    <div
      className="p-6 max-w-2xl"
      data-testid="boot-failed"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        e.preventDefault();
        const f = e.dataTransfer.files[0];
        if (f) void onFile(f);
      }}
    >
      <div role="alert" data-testid="banner-rejected" className="rounded border border-[var(--color-bad)] bg-[var(--color-bad-bg)] p-3 text-[var(--color-bad)] whitespace-pre-wrap break-words">
        {fatal}
      </div>
      <div className="mt-4 flex flex-wrap gap-3">
        {download && (
          // A top-level navigation (a download), not a fetch: no policy of this page is loosened,
          // and the page never reads what comes back. Only http(s) URLs get here.
          <a href={download} target="_blank" rel="noopener noreferrer" className="inline-block rounded border border-[var(--color-line)] px-3 py-1.5" data-testid="boot-download">
            Download the snapshot file
          </a>
        )}
        <label className="inline-block cursor-pointer rounded border border-[var(--color-line)] px-3 py-1.5">
          Open a snapshot file instead…
          <input type="file" className="hidden" accept=".gz,.objscope,application/gzip" onChange={(e) => { const f = e.target.files?.[0]; if (f) void onFile(f); }} />
        </label>
        <a href={window.location.pathname} className="inline-block rounded border border-[var(--color-line)] px-3 py-1.5" data-testid="boot-home">
          Open this site without the snapshot link
        </a>
      </div>
    </div>
  );
}
