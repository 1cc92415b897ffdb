// Placeholder until the zombie engineer's panel lands (they own this file and will replace it).
export function ZombiePanel() {
  return <div data-testid="zombies-placeholder">The zombie panel is not built yet.</div>;
}
