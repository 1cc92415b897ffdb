import { defineTour } from './tour';

export default defineTour({
  name: 'follow-drive-link',
  title: 'Following C: to its device',
  summary:
    'A drive letter is a symbolic link in \\GLOBAL?? (what \\??\\ falls back to). objscope shows the ' +
    'link target and the whole resolution chain, and takes you to the device object.',
  steps: [
    { caption: 'Drive letters are symbolic links in \\?? (which falls back to \\GLOBAL??).', goto: ['\\??', '\\GLOBAL??'], fallsBackOn: 'snapshot' },
    { caption: 'C: is a SymbolicLink: select it to see where it points.', click: { row: 'C:' } },
    { caption: 'The properties panel shows the target and each hop of the resolution chain.', wait: 2500 },
    { caption: '"Go to target" opens the device object the drive letter stands for.', click: 'go-to-target' },
    { caption: 'Here is the device the drive letter stands for, in \\Device.', wait: 2500 },
  ],
});
