/**
 * Child process for the kill test: writes FILE (inside ROOT) with the wizard's writer, the
 * content being CONTENT_FILE's. Prints "writing" just before, so the parent can kill it mid-write.
 */
import { readFileSync } from 'node:fs';
import { writeEdit } from '../../../src/writers/plan-files.js';

const [root, file, contentFile] = process.argv.slice(2) as [string, string, string];
const after = readFileSync(contentFile, 'utf8');
process.stdout.write('writing\n');
writeEdit(root, { file, before: '', after });
process.stdout.write('done\n');
