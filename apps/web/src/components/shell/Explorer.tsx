'use client';
import { useSyncExternalStore } from 'react';
import { useUi } from '../../store/ui';
import { LIMITS, defaultPropsWidth, defaultTreeWidth } from '../../lib/prefs';
import { PathBar } from '../PathBar';
import { TreePane } from '../TreePane';
import { ListPane } from '../ListPane';
import { PropertiesPane } from '../PropertiesPane';
import { Splitter } from '../Splitter';

function subscribeResize(cb: () => void) {
  window.addEventListener('resize', cb);
  return () => window.removeEventListener('resize', cb);
}

/** The window's width, for the panes' default sizes. */
function useViewportWidth(): number {
  return useSyncExternalStore(subscribeResize, () => window.innerWidth, () => 1280);
}

/** The list keeps at least this much room whatever the side panes are set to. */
const LIST_MIN = 320;

export function Explorer() {
  const layout = useUi((s) => s.layout);
  const setLayout = useUi((s) => s.setLayout);
  const vw = useViewportWidth();
  const props = layout.props ?? defaultPropsWidth(vw);
  const treeMax = Math.max(LIMITS.tree.min, Math.min(LIMITS.tree.max, vw - props - LIST_MIN));
  const tree = Math.min(layout.tree ?? defaultTreeWidth(vw), treeMax);
  const propsMax = Math.max(LIMITS.props.min, Math.min(LIMITS.props.max, vw - tree - LIST_MIN));
  const propsShown = Math.min(props, propsMax);
  return (
    <>
      <PathBar />
      {/* The panes come first in the document and the splitters after them (placed between
          by CSS order), so Tab reaches the tree, the rows and Properties before the resize
          handles. */}
      <div className="flex min-h-0 flex-1">
        <div id="pane-tree" className="order-1 flex shrink-0 overflow-hidden" style={{ width: tree }} data-testid="pane-tree">
          <TreePane />
        </div>
        <div className="order-3 flex min-w-0 flex-1">
          <ListPane />
        </div>
        <div id="pane-props" className="order-5 flex shrink-0 overflow-hidden" style={{ width: propsShown }} data-testid="pane-props">
          <PropertiesPane />
        </div>
        <Splitter
          label="Resize the directory tree"
          testid="split-tree"
          controls="pane-tree"
          value={tree}
          min={LIMITS.tree.min}
          max={treeMax}
          onChange={(v) => setLayout({ tree: v })}
          className="order-2 w-1 -mx-0.5"
        />
        <Splitter
          label="Resize the Properties pane"
          testid="split-props"
          controls="pane-props"
          invert
          value={propsShown}
          min={LIMITS.props.min}
          max={propsMax}
          onChange={(v) => setLayout({ props: v })}
          className="order-4 w-1 -mx-0.5"
        />
      </div>
    </>
  );
}

