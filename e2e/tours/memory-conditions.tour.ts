import { defineTour } from './tour';

export default defineTour({
  name: 'memory-conditions',
  title: 'The memory conditions in \\KernelObjects',
  summary:
    'The kernel publishes eleven named events in \\KernelObjects that any process can wait on to learn ' +
    'when memory, paged or non-paged pool, or commit runs low or high. On Windows they are dynamic ' +
    'symbolic links resolved by a kernel callback; Wine creates six of them as plain events.',
  steps: [
    { caption: 'objscope shows the Object Manager namespace like WinObj, in a browser tab.', goto: '\\' },
    { caption: 'The kernel keeps its well-known objects in \\KernelObjects.', click: { treeItem: '\\KernelObjects' } },
    { caption: 'LowMemoryCondition is one of eleven memory-condition events.', click: { row: 'LowMemoryCondition' } },
    { caption: 'On Windows it is a dynamic link: no stored target, the kernel resolves it to an Event when opened.', wait: 2500 },
    { caption: 'The Memory view lists all eleven, how each is implemented here, and its live state.', view: 'memory' },
    { caption: 'Signaled means the condition holds: a driver or service waiting on it would wake up now.', wait: 3000 },
  ],
});
