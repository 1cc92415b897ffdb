import { defineTour } from './tour';

export default defineTour({
  name: 'compare-snapshots',
  title: 'Comparing two snapshots',
  summary:
    'A snapshot is the whole namespace in one gzip file. Capture one before and one after installing a ' +
    'driver or updating Windows, and Compare lists what was added, removed or retargeted.',
  only: 'snapshot',
  steps: [
    { caption: 'Compare works on two snapshot files, entirely in the browser.', view: 'compare' },
    { caption: 'The first snapshot: before the change.', upload: ['compare-a', 'before'] },
    { caption: 'The second: after it.', upload: ['compare-b', 'after'] },
    { caption: 'Added, removed and changed objects, filterable by path and type.', wait: 3500 },
  ],
});
