/** Reading files and directories for review: bytes in, every line out; only I/O errors throw. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigFile, readConfigPaths } from '../../src/config/index.js';
import { buildRoot } from './helpers/roots.js';

test('a directory is its *.conf files in file-name order; a file argument is read whatever its name', () => {
  const temp = buildRoot({
    'd/20-b.conf': 'b.b = 2\n',
    'd/10-a.conf': 'a.a = 1\n',
    'd/.hidden.conf': 'h.h = 0\n',
    'd/notes.txt': 'x\n',
    'd/sub.conf/inner.conf': 'i.i = 1\n',
    'd/99-link.conf': { symlink: '10-a.conf' },
    'single.txt': 'net.ipv4.tcp_fin_timeout = 30\n',
  });
  try {
    const files = readConfigPaths([join(temp.root, 'd'), join(temp.root, 'single.txt')]);
    assert.deepEqual(
      files.map((f) => f.path.slice(temp.root.length + 1)),
      ['d/.hidden.conf', 'd/10-a.conf', 'd/20-b.conf', 'd/99-link.conf', 'single.txt'],
    );
    assert.equal(files[4]!.assignments[0]!.value, '30');
  } finally {
    temp.remove();
  }
});

test('bytes are taken as they are: BOM, invalid UTF-8, NUL', () => {
  const temp = buildRoot({});
  try {
    const bom = join(temp.root, 'bom.conf');
    writeFileSync(bom, Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('a.b = 1\n')]));
    const parsedBom = readConfigFile(bom, 'shown/bom.conf');
    assert.equal(parsedBom.path, 'shown/bom.conf');
    assert.equal(parsedBom.bom, true);
    assert.equal(parsedBom.lines[0]!.text, 'a.b = 1');
    assert.equal(parsedBom.assignments[0]!.key, '\uFEFFa.b');

    const latin1 = join(temp.root, 'latin1.conf');
    writeFileSync(latin1, Buffer.from('# caf\xe9\na.b = 1\n', 'latin1'));
    const parsedLatin1 = readConfigFile(latin1);
    assert.deepEqual(parsedLatin1.fileNotes, [{ kind: 'invalid-utf8' }]);
    assert.equal(parsedLatin1.lines[0]!.text, '# caf\uFFFD');
    assert.equal(parsedLatin1.assignments[0]!.value, '1');

    const binary = join(temp.root, 'binary.conf');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0x0a, 0x3d, 0]));
    const parsedBinary = readConfigFile(binary);
    assert.equal(parsedBinary.fileNotes[0]?.kind, 'binary');
  } finally {
    temp.remove();
  }
});

test('I/O errors throw with the path and code', () => {
  assert.throws(
    () => readConfigFile('/nonexistent/sysctl-advisor.conf'),
    (error: NodeJS.ErrnoException) => error.code === 'ENOENT' && error.path === '/nonexistent/sysctl-advisor.conf',
  );
  assert.throws(
    () => readConfigPaths(['/nonexistent/dir']),
    (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
  );
});
