'use client';
// The context menu of a list row or a tree node (right-click, the Menu key or Shift+F10): what
// WinObj and System Informer users reach for — copy the name, path, target or SDDL, open the
// Properties or who holds it, open it in a new tab, export its details.
import { useEffect, useRef, useState } from 'react';
import { joinNtPath } from '@objscope/core';
import { useUi, type ObjectMenuState } from '../store/ui';
import { useTRPCClient } from '../lib/trpc';
import { copyText } from '../lib/clipboard';
import { displayPath, formatStatus } from '../lib/format';
import { objectHref } from '../lib/url';
import { download, fileStem } from '../lib/export';
import { goToChainEnd } from './ListPane';

interface Item {
  id: string;
  label: string;
  run: () => void | Promise<void>;
}

function fullPath(m: ObjectMenuState): string {
  return m.name === null ? m.dir : joinNtPath(m.dir, m.name);
}

function useMenuItems(m: ObjectMenuState): Item[] {
  const client = useTRPCClient();
  const ui = useUi.getState();
  const snapshotUrl = useUi((s) => s.snapshotUrl);
  const full = fullPath(m);
  const copy = async (what: string, text: string) => {
    const ok = await copyText(text);
    ui.notify(ok ? 'info' : 'error', ok ? `Copied the ${what}: ${displayPath(text)}` : `The browser did not allow copying the ${what}.`);
  };
  const details = async () => {
    const r = await client.namespace.details.query({ path: full });
    if (!r.ok) throw new Error(`${displayPath(full)} cannot be opened: ${formatStatus(r)}`);
    return r.value;
  };
  const showProps = (section?: 'handles') => {
    ui.navigate(m.dir, m.name);
    useUi.getState().openProperties(true, section);
  };
  const items: Item[] = [];
  if (m.type === 'Directory') items.push({ id: 'open', label: 'Open', run: () => ui.navigate(full) });
  if (m.type === 'SymbolicLink')
    items.push({ id: 'go-to-target', label: 'Go to target', run: async () => goToChainEnd(await client.namespace.resolveLink.query({ path: full }), ui.navigate, ui.notify) });
  items.push({ id: 'properties', label: 'Properties', run: () => showProps() });
  if (full !== '\\') items.push({ id: 'holders', label: 'Who holds it', run: () => showProps('handles') });
  items.push({ id: 'new-tab', label: 'Open in new tab', run: () => void window.open(objectHref(m.dir, m.name, m.type, snapshotUrl), '_blank', 'noopener') });
  items.push({ id: 'copy-name', label: 'Copy name', run: () => copy('name', m.name ?? '\\') });
  items.push({ id: 'copy-path', label: 'Copy path', run: () => copy('path', full) });
  if (m.target !== null) items.push({ id: 'copy-target', label: 'Copy target', run: () => copy('target', m.target ?? '') });
  items.push({
    id: 'copy-sddl',
    label: 'Copy SDDL',
    run: async () => {
      const d = await details();
      const sddl = d.security.ok ? d.security.value.sddl : null;
      if (!sddl) {
        ui.notify('error', `${displayPath(full)} has no security descriptor here to copy${d.security.ok ? '' : ` (${formatStatus(d.security.error)})`}.`);
        return;
      }
      const ok = await copyText(sddl);
      ui.notify(ok ? 'info' : 'error', ok ? `Copied the SDDL of ${displayPath(full)}` : 'The browser did not allow copying the SDDL.');
    },
  });
  items.push({
    id: 'export',
    label: 'Export details (JSON)',
    run: async () => download(`objscope-${fileStem(full)}.json`, `${JSON.stringify(await details(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`, 'application/json'),
  });
  return items;
}

export function ObjectMenu() {
  const menu = useUi((s) => s.menu);
  return menu ? <MenuBody key={`${menu.x},${menu.y},${fullPath(menu)}`} m={menu} /> : null;
}

function MenuBody({ m }: { m: ObjectMenuState }) {
  const close = () => useUi.getState().openMenu(null);
  const notify = useUi((s) => s.notify);
  const items = useMenuItems(m);
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ x: m.x, y: m.y });
  const back = useRef<HTMLElement | null>(null);

  useEffect(() => {
    back.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const el = ref.current;
    if (!el) return;
    // Inside the window whatever was clicked near its edges.
    const r = el.getBoundingClientRect();
    setPos({ x: Math.max(0, Math.min(m.x, window.innerWidth - r.width - 4)), y: Math.max(0, Math.min(m.y, window.innerHeight - r.height - 4)) });
    el.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: MouseEvent) => {
      if (!el.contains(e.target as Node)) close();
    };
    const blur = () => close();
    document.addEventListener('mousedown', away);
    window.addEventListener('blur', blur);
    window.addEventListener('resize', blur);
    return () => {
      document.removeEventListener('mousedown', away);
      window.removeEventListener('blur', blur);
      window.removeEventListener('resize', blur);
    };
  }, [m.x, m.y]);

  const run = (it: Item) => {
    close();
    back.current?.focus();
    Promise.resolve(it.run()).catch((e: unknown) => notify('error', `${it.label} failed: ${e instanceof Error ? e.message : String(e)}`));
  };

  const onKey = (e: React.KeyboardEvent) => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = all.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown') all[(i + 1) % all.length]?.focus();
    else if (e.key === 'ArrowUp') all[(i - 1 + all.length) % all.length]?.focus();
    else if (e.key === 'Home') all[0]?.focus();
    else if (e.key === 'End') all[all.length - 1]?.focus();
    else if (e.key === 'Escape' || e.key === 'Tab') {
      close();
      back.current?.focus();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={`Actions for ${displayPath(fullPath(m))}`}
      data-testid="object-menu"
      onKeyDown={onKey}
      onContextMenu={(e) => e.preventDefault()}
      className="fixed z-[60] min-w-[12rem] rounded border border-[var(--color-line)] bg-[var(--color-panel)] py-1 shadow-lg"
      style={{ left: pos.x, top: pos.y }}
    >
      {items.map((it) => (
        <button
          key={it.id}
          type="button"
          role="menuitem"
          tabIndex={-1}
          data-testid={`menu-${it.id}`}
          onClick={() => run(it)}
          className="block w-full px-3 py-1 text-left hover:bg-[var(--color-hover)] focus:bg-[var(--color-sel)] focus:outline-none"
        >
          {it.label}
        </button>
      ))}
    </div>
  );
}
