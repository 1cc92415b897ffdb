import { useSession } from '../lib/session';
import { useSourceInfo } from './useSourceInfo';

/** A live source is on screen: its data can change under the user. Snapshots never change,
 * so nothing watches or polls them. */
export function useIsLive(): boolean {
  const { mode } = useSession();
  const kind = useSourceInfo().data?.kind;
  return mode === 'agent' && (kind === 'live' || kind === 'wine');
}
