// A sweep's progress on stderr: on a terminal one line redrawn in place (bar, runs, rate, elapsed time, ETA),
// fitted to the width; on a pipe or file (CI logs) nothing but a line every 30 s of wall time, so a long run
// shows it is alive. Wall time is read here only: it never enters a simulated path or a result.

export interface ProgressFrame {
  readonly done: number;
  readonly total: number;
  /** Runs already done when this process started (a resumed sweep's): left out of the rate. */
  readonly doneAtStart: number;
  readonly elapsedMs: number;
}

/** `0:07`, `12:34`, `1:02:03`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Runs a second (from this process's runs) and the time left at that rate; null before the first run ends. */
export function rateAndEta(frame: ProgressFrame): { perS: number; etaMs: number } | null {
  const ran = frame.done - frame.doneAtStart;
  if (ran <= 0 || frame.elapsedMs <= 0) return null;
  const perS = ran / (frame.elapsedMs / 1000);
  return { perS, etaMs: ((frame.total - frame.done) / perS) * 1000 };
}

function formatRate(perS: number): string {
  if (perS >= 10) return `${perS.toFixed(0)} runs/s`;
  if (perS >= 1) return `${perS.toFixed(1)} runs/s`;
  return `${(perS * 60).toFixed(1)} runs/min`;
}

/** The terminal line: `[####......] 120/400 30%  2.4 runs/s  0:50 elapsed  ETA 1:57`, at most width - 1 columns. */
export function formatProgressLine(frame: ProgressFrame, width: number): string {
  const percent = frame.total === 0 ? 100 : Math.floor((frame.done / frame.total) * 100);
  const speed = rateAndEta(frame);
  const rate = speed === null ? '' : `  ${formatRate(speed.perS)}`;
  const eta = frame.done >= frame.total ? '' : `  ETA ${speed === null ? '-:--' : formatDuration(speed.etaMs)}`;
  const tail = ` ${frame.done}/${frame.total} ${percent}%${rate}  ${formatDuration(frame.elapsedMs)} elapsed${eta}`;
  const room = width - 1 - tail.length - 2;
  if (room < 5) return tail.trimStart().slice(0, width - 1);
  const barWidth = Math.min(30, room);
  const filled = frame.total === 0 ? barWidth : Math.floor((frame.done / frame.total) * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${tail}`;
}

/** The line for a log: `sweep: 120/400 runs (30%), 2.4 runs/s, 0:50 elapsed, about 1:57 left`. */
export function formatProgressLogLine(frame: ProgressFrame): string {
  const percent = frame.total === 0 ? 100 : Math.floor((frame.done / frame.total) * 100);
  const speed = rateAndEta(frame);
  const rate = speed === null ? '' : `, ${formatRate(speed.perS)}`;
  const left = speed === null ? '' : `, about ${formatDuration(speed.etaMs)} left`;
  const elapsed = formatDuration(frame.elapsedMs);
  return `sweep: ${frame.done}/${frame.total} runs (${percent}%)${rate}, ${elapsed} elapsed${left}`;
}

export interface ProgressOptions {
  readonly write: (text: string) => void;
  /** A terminal: redraw one line in place. Otherwise a log line every `logEveryMs`. */
  readonly terminal: boolean;
  readonly width: number;
  /** Wall-clock milliseconds (Date.now; a test passes its own clock). */
  readonly now: () => number;
  readonly logEveryMs?: number;
  /** Redraw at most this often on a terminal, except for the last run. */
  readonly redrawEveryMs?: number;
}

export class SweepProgress {
  private readonly startedMs: number;
  private doneAtStart = -1;
  private done = 0;
  private total = 0;
  private lastDrawnMs = -Infinity;
  private lastLoggedMs: number;
  private drawn = false;

  constructor(private readonly options: ProgressOptions) {
    this.startedMs = options.now();
    this.lastLoggedMs = this.startedMs;
  }

  /** A run finished (or, first, the runs already done): `done` of `total`. */
  update(done: number, total: number): void {
    if (this.doneAtStart < 0) this.doneAtStart = done;
    this.done = done;
    this.total = total;
    this.tick(done === total);
  }

  /** Called by the update and once a second by a timer, so elapsed time and ETA move while a long run goes on. */
  tick(force = false): void {
    if (this.doneAtStart < 0) return;
    const nowMs = this.options.now();
    const elapsedMs = nowMs - this.startedMs;
    const frame = { done: this.done, total: this.total, doneAtStart: this.doneAtStart, elapsedMs };
    if (this.options.terminal) {
      if (!force && nowMs - this.lastDrawnMs < (this.options.redrawEveryMs ?? 100)) return;
      this.lastDrawnMs = nowMs;
      this.drawn = true;
      this.options.write(`\r${formatProgressLine(frame, this.options.width)}\u001b[K`);
    } else if (nowMs - this.lastLoggedMs >= (this.options.logEveryMs ?? 30_000) && this.done < this.total) {
      this.lastLoggedMs = nowMs;
      this.options.write(`${formatProgressLogLine(frame)}\n`);
    }
  }

  /** Ends the line drawn in place (before the summary or an interruption message). */
  close(): void {
    if (this.drawn) this.options.write('\n');
    this.drawn = false;
  }
}
