import { defineTour } from './tour';

export default defineTour({
  name: 'zombie-holders',
  title: 'Who is holding the zombies?',
  summary:
    'A zombie process has exited but is kept alive by a handle some other process never closed; it ' +
    'still takes a PID and kernel memory. The Zombies view counts them and names the holder.',
  steps: [
    { caption: 'The Zombies view: exited processes and threads that handles keep alive.', view: 'zombies' },
    { caption: 'The summary: how many, how many PIDs they hold, roughly how much memory.', wait: 3000 },
    { caption: 'By holder: one process usually holds most of them.', click: 'zombies-by-holder' },
    { caption: 'That is the process whose handle leak to fix.', wait: 3000 },
    { caption: 'Back to the zombies themselves.', click: 'zombies-by-zombie' },
    { caption: 'Each zombie: exit code, times, and every handle that holds it.', click: 'zombie-row' },
    { caption: 'The detail names each holder and the handle value to look for.', wait: 3000 },
  ],
});
