'use client';
import { lazy, Suspense } from 'react';
import { useUi } from '../../store/ui';

// The views a page does not open with are fetched when first shown: the cold page loads only
// the explorer (issue 22 item 9: each added view had made the first paint slower).
// e2e/tests/cold-page.spec.ts keeps each of them out of the cold page's scripts.
const FindPanel = lazy(() => import('../FindPanel').then((m) => ({ default: m.FindPanel })));
const TypesView = lazy(() => import('../TypesView').then((m) => ({ default: m.TypesView })));
const MemoryCard = lazy(() => import('../MemoryCard').then((m) => ({ default: m.MemoryCard })));
const CompareView = lazy(() => import('../CompareView').then((m) => ({ default: m.CompareView })));
const ZombiePanel = lazy(() => import('../zombies/ZombiePanel').then((m) => ({ default: m.ZombiePanel })));
const FleetView = lazy(() => import('../fleet/FleetView').then((m) => ({ default: m.FleetView })));
const PropertiesDialog = lazy(() => import('../PropertiesDialog').then((m) => ({ default: m.PropertiesDialog })));
const ObjectMenu = lazy(() => import('../ObjectMenu').then((m) => ({ default: m.ObjectMenu })));

function ViewLoading() {
  return (
    <p className="p-4 text-[var(--color-dim)]" role="status" data-testid="view-loading">
      Loading this view…
    </p>
  );
}

/** Whichever view other than the explorer is shown (the explorer stays mounted beside it). */
export function OtherView() {
  const view = useUi((s) => s.view);
  return (
    <Suspense fallback={<ViewLoading />}>
      {view === 'types' && <TypesView />}
      {view === 'memory' && (
        <div className="min-h-0 flex-1 overflow-auto p-4">
          <MemoryCard />
        </div>
      )}
      {view === 'zombies' && (
        <div className="min-h-0 flex-1 overflow-auto p-4" data-testid="zombies">
          <ZombiePanel />
        </div>
      )}
      {view === 'compare' && <CompareView />}
      {view === 'fleet' && <FleetView />}
    </Suspense>
  );
}

/** Find, the Properties dialog and the context menu: each loaded the first time it opens. */
export function Overlays() {
  const view = useUi((s) => s.view);
  const findOpen = useUi((s) => s.findOpen);
  const propsOpen = useUi((s) => s.propsOpen);
  const menuOpen = useUi((s) => s.menu !== null);
  return (
    <Suspense fallback={null}>
      {findOpen && <FindPanel />}
      {propsOpen && view === 'explorer' && <PropertiesDialog />}
      {menuOpen && <ObjectMenu />}
    </Suspense>
  );
}
