// Writes a file so that readers never see it half-written: into a temporary sibling, renamed on commit,
// removed on abort. An existing file at the path stays intact until the new one is complete.

import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TraceSink } from '../kernel/trace.js';

export class AtomicFile implements TraceSink {
  private readonly temporaryPath: string;
  private descriptor: number | undefined;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.temporaryPath = `${path}.partial-${process.pid}`;
    this.descriptor = openSync(this.temporaryPath, 'w');
  }

  write(chunk: string): void {
    if (this.descriptor === undefined) throw new Error(`${this.path} is already closed`);
    writeSync(this.descriptor, chunk);
  }

  commit(): void {
    this.close();
    renameSync(this.temporaryPath, this.path);
  }

  abort(): void {
    this.close();
    rmSync(this.temporaryPath, { force: true });
  }

  private close(): void {
    if (this.descriptor !== undefined) closeSync(this.descriptor);
    this.descriptor = undefined;
  }
}

export function writeFileAtomically(path: string, text: string): void {
  const file = new AtomicFile(path);
  try {
    file.write(text);
    file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
}
