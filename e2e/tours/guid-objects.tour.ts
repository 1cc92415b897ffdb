import { defineTour } from './tour';

export default defineTour({
  name: 'guid-objects',
  title: 'Every object named like a GUID',
  summary:
    'Find searches the whole namespace by substring or regular expression. A GUID pattern finds the ' +
    'device interfaces, sections and events that components name after their class or instance GUIDs.',
  steps: [
    { caption: 'Find (Ctrl+F) searches the whole namespace, not just this directory.', goto: '\\' },
    { caption: 'Open Find with Ctrl+F.', press: 'Control+f' },
    { caption: 'Switch to regular expressions.', select: ['find-mode', 'regex'] },
    {
      caption: 'A GUID: 8-4-4-4-12 hexadecimal digits.',
      type: ['find-input', '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'],
    },
    { caption: 'Every match with its full path and type; the count says how many there are.', wait: 3000 },
    { caption: 'A result jumps straight to the object.', click: 'find-result' },
    { caption: 'The explorer opens the directory and selects it.', wait: 2500 },
  ],
});
