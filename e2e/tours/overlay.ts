// The presenter overlay injected into every page of a tour: a caption bar and a visible
// cursor that glides to each click target. It survives navigations (init script, state in
// sessionStorage) and never takes clicks (pointer-events: none). Captions are set as text.
export function installOverlay(): void {
  const KEY = '__objscope_tour';
  type State = { x: number; y: number; caption: string };
  const read = (): State => {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) ?? '') as State;
    } catch {
      return { x: 640, y: 360, caption: '' };
    }
  };
  const save = (s: State) => sessionStorage.setItem(KEY, JSON.stringify(s));

  const ensure = () => {
    const root = document.documentElement;
    if (!root || document.getElementById('__tour_cursor')) return;
    const s = read();
    const cursor = document.createElement('div');
    cursor.id = '__tour_cursor';
    cursor.setAttribute('aria-hidden', 'true');
    Object.assign(cursor.style, {
      position: 'fixed', left: '0', top: '0', width: '28px', height: '28px', zIndex: '2147483647',
      pointerEvents: 'none', transition: 'transform 700ms cubic-bezier(.45,.05,.25,1)',
      transform: `translate(${s.x}px, ${s.y}px)`, filter: 'drop-shadow(0 2px 3px rgba(0,0,0,.5))',
    });
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '28');
    svg.setAttribute('height', '28');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M3 2 L3 20 L8 15 L11.5 22 L14.5 20.6 L11 13.8 L18 13.8 Z');
    path.setAttribute('fill', '#fff');
    path.setAttribute('stroke', '#111');
    path.setAttribute('stroke-width', '1.5');
    svg.appendChild(path);
    cursor.appendChild(svg);

    const ring = document.createElement('div');
    ring.id = '__tour_ring';
    Object.assign(ring.style, {
      position: 'fixed', left: '0', top: '0', width: '36px', height: '36px', marginLeft: '-18px', marginTop: '-18px',
      borderRadius: '50%', border: '3px solid #f59e0b', opacity: '0', zIndex: '2147483646', pointerEvents: 'none',
      transition: 'opacity 250ms ease, transform 250ms ease',
    });

    const cap = document.createElement('div');
    cap.id = '__tour_caption';
    Object.assign(cap.style, {
      position: 'fixed', left: '50%', bottom: '28px', transform: 'translateX(-50%)', maxWidth: '1000px',
      padding: '12px 20px', borderRadius: '10px', background: 'rgba(17,24,39,.92)', color: '#fff',
      font: '500 20px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif', textAlign: 'center',
      zIndex: '2147483647', pointerEvents: 'none', boxShadow: '0 6px 24px rgba(0,0,0,.35)',
      transition: 'opacity 300ms ease', opacity: s.caption ? '1' : '0',
    });
    cap.textContent = s.caption;
    root.appendChild(ring);
    root.appendChild(cursor);
    root.appendChild(cap);
  };

  (window as unknown as { __tour: unknown }).__tour = {
    move(x: number, y: number) {
      ensure();
      save({ ...read(), x, y });
      document.getElementById('__tour_cursor')!.style.transform = `translate(${x}px, ${y}px)`;
    },
    caption(text: string) {
      ensure();
      save({ ...read(), caption: text });
      const cap = document.getElementById('__tour_caption')!;
      cap.textContent = text;
      cap.style.opacity = text ? '1' : '0';
    },
    pulse(x: number, y: number) {
      ensure();
      const ring = document.getElementById('__tour_ring')!;
      ring.style.left = `${x}px`;
      ring.style.top = `${y}px`;
      ring.style.opacity = '1';
      ring.style.transform = 'scale(1.4)';
      setTimeout(() => {
        ring.style.opacity = '0';
        ring.style.transform = 'scale(1)';
      }, 350);
    },
  };
  // The app may re-render the document; put the overlay back whenever it goes missing.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ensure);
  else ensure();
  setInterval(ensure, 500);
}
