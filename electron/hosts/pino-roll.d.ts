// pino-roll ships no types: the part of its interface ClearDesk uses (electron/hosts/log.ts).
declare module 'pino-roll' {
  interface PinoRollOptions {
    file: string;
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    sync?: boolean;
    symlink?: boolean;
  }
  interface RollStream {
    write(line: string): boolean;
    flushSync(): void;
    end(): void;
    on(event: 'error', listener: (e: Error) => void): this;
  }
  export default function roll(options: PinoRollOptions): Promise<RollStream>;
}
