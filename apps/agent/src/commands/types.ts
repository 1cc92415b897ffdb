// One CLI command: `objscope <name> ...`. `run` gets the arguments after the name and returns the
// exit code (0 ok, 1 failure while working, 2 bad usage or bad input).
export interface CliCommand {
  name: string;
  summary: string;
  /** Left out of `objscope --help` (tooling such as bench-walk). */
  hidden?: boolean;
  run(argv: string[]): Promise<number>;
}
