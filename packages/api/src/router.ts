import { accessRouter } from './routers/access';
import { fleetRouter } from './routers/fleet';
import { handlesRouter } from './routers/handles';
import { memoryRouter } from './routers/memory';
import { namespaceRouter } from './routers/namespace';
import { snapshotRouter } from './routers/snapshot';
import { sourceRouter } from './routers/source';
import { typesRouter } from './routers/types';
import { watchRouter } from './routers/watch';
import { zombiesRouter } from './routers/zombies';
import { router } from './trpc';

// Read-only by construction: there is no mutation anywhere in this tree (a test asserts it).
export const appRouter = router({
  source: sourceRouter,
  namespace: namespaceRouter,
  types: typesRouter,
  memory: memoryRouter,
  zombies: zombiesRouter,
  handles: handlesRouter,
  access: accessRouter,
  snapshot: snapshotRouter,
  watch: watchRouter,
  fleet: fleetRouter,
});

export type AppRouter = typeof appRouter;
