// One bar of the bar charts drawn in HTML (the Fleet view's zombies by host, the zombie
// holders), sized by the same scale as the types chart's SVG bars (lib/types.ts): one element
// and one rule for a bar's length instead of each view drawing its own.
import { barLength, type ChartScale } from '../lib/types';

interface Props {
  value: number;
  /** The chart's largest value: its bar is `full` long. */
  max: number;
  scale: ChartScale;
  /** The full length, in px or % of the bar's cell; a value above zero is at least `least`. */
  full: number;
  least: number;
  unit: 'px' | '%';
  /** Height and corners. */
  className: string;
}

export function Bar({ value, max, scale, full, least, unit, className }: Props) {
  return <span aria-hidden="true" className={`block flex-none bg-[var(--color-accent)] ${className}`} style={{ width: `${barLength(value, max, scale, full, least)}${unit}` }} />;
}
