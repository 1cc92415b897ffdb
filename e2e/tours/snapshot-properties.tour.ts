import { defineTour } from './tour';

export default defineTour({
  name: 'snapshot-properties',
  title: 'What a snapshot remembers about each object',
  summary:
    'objscope snapshot records every object\'s details, not just its name: handle and reference counts, ' +
    'the security descriptor (SDDL, owner and group by account name, each ACE), the state of events, ' +
    'sections and the like, and the type\'s information. Opened anywhere, even without an agent, the ' +
    'Properties pane answers "who could open this?" and "what was its state?" from the file.',
  only: 'snapshot',
  steps: [
    { caption: 'This is a snapshot file, not a live system: select an event in \\KernelObjects.', goto: '\\KernelObjects', select: 'SystemErrorPortReady' },
    { caption: 'The capture recorded its handle and reference counts, attributes and creation time.', click: { testid: 'props-basic' } },
    { caption: 'And its state when the snapshot was taken: the event type and whether it was signaled.', click: { testid: 'props-state' } },
    { caption: 'The security descriptor: SDDL, with owner and group shown by account name.', click: { testid: 'props-sddl' } },
    { caption: 'Each ACE of the DACL: who may do what. Everyone may only wait on and query this event.', click: { testid: 'props-dacl' } },
    { caption: 'Objects sharing a descriptor store it once in the file, so all this costs a few bytes per object.', click: { row: 'PrefetchTracesReady' } },
    { caption: 'Where the capture was denied, the snapshot keeps the denial instead of a blank.', goto: '\\Security', select: 'TRKWKS_EVENT' },
    { caption: 'The type section comes from the type table recorded once per capture.', click: { testid: 'props-typeinfo' } },
  ],
});
