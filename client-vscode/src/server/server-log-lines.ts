import * as readline from 'node:readline';
import type { Readable } from 'node:stream';

/** The levels of a LogOutputChannel that a server log line can go to. */
export type LogChannelLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** The log methods of vscode.LogOutputChannel (kept narrow so tests need no VS Code). */
export type LevelledLog = Record<LogChannelLevel, (message: string) => void>;

const serilogLevels: Record<string, LogChannelLevel> = {
  VRB: 'trace',
  DBG: 'debug',
  INF: 'info',
  WRN: 'warn',
  ERR: 'error',
  FTL: 'error',
};

/** `[12:34:56 INF] message`: the server's stderr format (ServerLogging's console template). */
const serilogLine = /^\[\d{2}:\d{2}:\d{2} (VRB|DBG|INF|WRN|ERR|FTL)\] ?(.*)$/;

/**
 * Reads the server's stderr into a LogOutputChannel at each line's own level, instead of
 * languageclient's default of logging every stderr line as an error. The channel adds its own
 * time and level, so Serilog's prefix is dropped. Lines without a prefix (an exception's stack,
 * a multi-line message) continue the previous line's level; text before any prefix (a crash of
 * the runtime itself) is an error.
 */
export class ServerLogLines {
  private level: LogChannelLevel = 'error';

  constructor(private readonly log: LevelledLog) {}

  /** Logs one line of stderr. */
  write(line: string): void {
    const parsed = ServerLogLines.parse(line);
    if (parsed) this.level = parsed.level;
    if (!parsed && line.trim() === '') return;
    this.log[this.level](parsed ? parsed.message : line);
  }

  /** Level and message of a line that starts with Serilog's prefix; undefined for any other line. */
  static parse(line: string): { level: LogChannelLevel; message: string } | undefined {
    const match = serilogLine.exec(line);
    return match ? { level: serilogLevels[match[1]], message: match[2] } : undefined;
  }

  /** languageclient's `stdioOptions.stderr`: one reader per server process. */
  static pipe(input: Readable, log: LevelledLog): void {
    const lines = new ServerLogLines(log);
    readline
      .createInterface({ input, crlfDelay: Infinity, terminal: false, historySize: 0 })
      .on('line', (line) => lines.write(line));
  }
}
