// Types for system-packages.mjs (plain JavaScript, since `npm test` runs it before anything is compiled).
export interface SystemPackage {
  name: string;
  why: string;
}
export interface CommandResult {
  /** null when the command could not be started. */
  status: number | null;
  stdout: string;
}
export type RunCommand = (command: string, args: string[], options?: object) => CommandResult;

export declare const SYSTEM_PACKAGES: readonly SystemPackage[];

export declare function ensureSystemPackages(options?: {
  run?: RunCommand;
  isRoot?: boolean;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}): { missing: string[] };
