/** Writes `--emit` files under an output directory, each atomically (util/atomic-write.ts), sub-folders made as needed. */
import { dirname, join } from 'node:path';
import { atomicWriteFile, createDirectories } from '../util/atomic-write.js';

/** A file an --emit format makes. */
export interface EmittedFile {
  /** Relative to the output directory. */
  readonly path: string;
  readonly content: string;
}

export function writeEmittedFiles(dir: string, files: readonly EmittedFile[]): string[] {
  createDirectories(dir);
  return files.map((file) => {
    const path = join(dir, file.path);
    createDirectories(dirname(path));
    return atomicWriteFile(path, file.content).path;
  });
}
