/**
 * Build step (npm run build, after tsc): the package's bin, in dist/bundle/:
 *   sysctl-advisor.cjs         the CLI and its dependencies in one CommonJS file (esbuild)
 *   sysctl-advisor.code-cache  V8's compiled code for it, recorded from a `review` run
 *   cli.cjs                    the bin: runs the bundle with that cache (src/build/bin.cts)
 *   profile-validator.cjs      the standalone profile validator, found next to the bundle
 *   profile-validator.code-cache  V8's compiled code for it (src/build/record-validator-cache.ts)
 *
 * Why (bench/cold-start.ts): Node pays for every module file it resolves, reads and links (yargs
 * alone is ~40), and for compiling the code a start runs. One file removes the first cost, the code
 * cache most of the second; a V8 code cache needs a classic script, hence CommonJS, hence one file.
 * The `import()`s that keep commands lazy become lazy initialisers in the bundle: `review` still
 * never runs the wizard's inquirer or, without --profile, the yaml package.
 *
 * The input is tsc's output (dist/src), so the bundle runs exactly the code the unit tests run.
 * Files read at run time are found from the bundle as from dist/src: the package root by walking up
 * to package.json (util/package-info.ts), profiles/, docs/ and schemas/ from there.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { VALIDATOR_FILE } from '../profiles/validator.js';
import { PACKAGE_ROOT } from '../util/package-info.js';

const ENTRY = fileURLToPath(new URL('../cli.js', import.meta.url));
const BIN_SOURCE = fileURLToPath(new URL('./bin.cjs', import.meta.url));
const BUNDLE_DIR = join(PACKAGE_ROOT, 'dist', 'bundle');
const BUNDLE = join(BUNDLE_DIR, 'sysctl-advisor.cjs');
const BIN = join(BUNDLE_DIR, 'cli.cjs');
const CODE_CACHE = join(BUNDLE_DIR, 'sysctl-advisor.code-cache');

/**
 * yargs' ESM shim locates its locale files (and the app's package.json) from its own
 * import.meta.url. Inside the bundle that would be the bundle's URL, and yargs would quietly stop
 * translating its messages (LANG=de_DE gives "Optionen:" today), so point it at the installed
 * yargs package, which is a runtime dependency anyway.
 *
 * Found as Node's require() finds a package, the first node_modules/yargs up from the bundle:
 * require.resolve() itself loads Node's package-exports resolver and took ~4 ms of every start
 * (bench/cold-start.ts). It stays the fallback (NODE_PATH, an unusual layout).
 */
const FIND_INSTALLED_YARGS = `
import { existsSync as yargsShimExists } from 'node:fs';
function installedYargsShim() {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (yargsShimExists(join(dir, 'node_modules', 'yargs', 'package.json'))) return join(dir, 'node_modules', 'yargs', 'lib', 'platform-shims', 'esm.mjs');
    if (dirname(dir) === dir) break;
  }
  return join(dirname(createRequire(import.meta.url).resolve('yargs/package.json')), 'lib', 'platform-shims', 'esm.mjs');
}
`;
const yargsShimLocation: Plugin = {
  name: 'yargs-shim-location',
  setup(build) {
    build.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const ownLocation = 'const __dirname = fileURLToPath(import.meta.url);';
      if (!source.includes(ownLocation)) throw new Error(`${path} no longer contains ${ownLocation}: yargs changed, revisit this plugin`);
      return { contents: `${source.replace(ownLocation, 'const __dirname = installedYargsShim();')}${FIND_INSTALLED_YARGS}`, loader: 'js' };
    });
  },
};

/**
 * yargs measures its help text with string-width, and renders the help of every command it runs
 * (to have it ready), not only for --help. string-width builds an Intl.Segmenter and an RGI_Emoji
 * regular expression the moment it loads, and the older copy cliui uses segments every string and
 * tries an emoji regex on every character: together 0.7 × `node -e 0` of `review FILE`
 * (bench/cold-start.ts). Our help text is printable ASCII, whose width is its length, which is
 * string-width's own first test; in the bundle yargs gets this stand-in, and the real string-width
 * (still bundled, its evaluation deferred by esbuild's `require`) only for a string that needs it,
 * such as yargs' own Hindi or Japanese messages under LANG=hi_IN or ja_JP: the version the
 * importing package would have had (cliui pins 7, yargs 8; they disagree on some scripts).
 */
const STRING_WIDTH_ON_DEMAND = `
const printableAscii = /^[\\u0020-\\u007E]*$/;
let stringWidthProper;
export default function stringWidth(text, options) {
  if (typeof text === 'string' && printableAscii.test(text)) return text.length;
  stringWidthProper ??= require('string-width').default;
  return stringWidthProper(text, options);
}
`;
const stringWidthOnDemand: Plugin = {
  name: 'string-width-on-demand',
  setup(build) {
    // One stand-in per importing folder, whose own require resolves the real package from there.
    build.onResolve({ filter: /^string-width$/ }, ({ namespace, resolveDir }) =>
      namespace === 'string-width-on-demand'
        ? undefined
        : { path: relative(PACKAGE_ROOT, resolveDir), namespace: 'string-width-on-demand', pluginData: { resolveDir } },
    );
    build.onLoad({ filter: /.*/, namespace: 'string-width-on-demand' }, ({ pluginData }) => ({
      contents: STRING_WIDTH_ON_DEMAND,
      loader: 'js',
      resolveDir: (pluginData as { resolveDir: string }).resolveDir,
    }));
  },
};

/**
 * After a (non-default) command's handler has run, yargs renders that command's whole help text
 * and keeps it, for a handler that might call showHelp() later: ~7 ms of every `review FILE`
 * (bench/cold-start.ts). Our handlers never ask for help, and --help is answered before any
 * handler runs, so in the bundle the text is not made. A yargs that no longer has this line
 * fails the build here rather than quietly keeping the cost.
 */
const CACHE_HELP_CALL = 'yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();';
const yargsNoHelpCache: Plugin = {
  name: 'yargs-no-help-cache',
  setup(build) {
    build.onLoad({ filter: /[\\/]yargs[\\/]build[\\/]lib[\\/]command\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      if (source.split(CACHE_HELP_CALL).length !== 2) throw new Error(`${path} no longer calls ${CACHE_HELP_CALL} once: yargs changed, revisit this plugin`);
      return { contents: source.replace(CACHE_HELP_CALL, '/* help text not cached: src/build/bundle.ts */'), loader: 'js' };
    });
  },
};

/** What people review: comments, TCP keys with and without findings, keys of other subsystems. */
const RECORDING_INPUT = `# web tier
net.core.somaxconn = 4096
net.ipv4.tcp_syncookies = 1
net.ipv4.tcp_fin_timeout = 30
net.ipv4.tcp_tw_reuse = 1
net.ipv4.tcp_tw_recycle = 1
net.ipv4.ip_local_port_range = 10240 65535
net.ipv4.tcp_keepalive_time = 600
net.ipv4.tcp_keepalive_intvl = 30
vm.swappiness = 10
fs.file-max = 2097152
`;

/** The bin's NEEDS_NODE set to package.json's engines.node (">=X.Y[.Z]", the only form the bin compares). */
function withNeededNode(bin: string): string {
  const engines = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines?.node;
  if (!engines || !/^>=\s*\d+(\.\d+){0,2}$/.test(engines)) throw new Error(`package.json engines.node must be ">=X.Y[.Z]" for the bin's check, not ${JSON.stringify(engines)}`);
  const marker = /^const NEEDS_NODE = '[^']*';$/m;
  if (!marker.test(bin)) throw new Error(`the bin (${BIN_SOURCE}) has no "const NEEDS_NODE = '...';" line to set`);
  return bin.replace(marker, `const NEEDS_NODE = ${JSON.stringify(engines).replace(/"/g, "'")};`);
}

/** Runs the bin once on RECORDING_INPUT so that it writes the code cache of what that run compiled. */
function recordCodeCache(): void {
  const dir = mkdtempSync(join(tmpdir(), 'sysctl-advisor-build-'));
  try {
    writeFileSync(join(dir, 'sysctl.conf'), RECORDING_INPUT);
    // Without NODE_OPTIONS: V8 takes a cache only under the flags it was made with, and users run
    // the bin without the ones a build environment may set.
    const { NODE_OPTIONS: _buildFlags, ...env } = process.env;
    const run = spawnSync(process.execPath, [BIN, 'review', 'sysctl.conf'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...env, NO_COLOR: '1', SYSCTL_ADVISOR_RECORD_CODE_CACHE: '1' },
    });
    // Exit 1 is "findings at or above the fail level": the input has some on purpose.
    if (run.status !== 1 || !existsSync(CODE_CACHE)) throw new Error(`recording the code cache failed (${run.status ?? run.signal}): ${run.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The profile validator's code cache (src/build/record-validator-cache.ts), recorded under the flags users run with. */
function recordValidatorCache(): void {
  const { NODE_OPTIONS: _buildFlags, ...env } = process.env;
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('./record-validator-cache.js', import.meta.url)), BUNDLE_DIR], { encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(`recording the profile validator's code cache failed (${run.status ?? run.signal}): ${run.stderr}`);
}

rmSync(BUNDLE_DIR, { recursive: true, force: true });
await build({
  entryPoints: [ENTRY],
  outfile: BUNDLE,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  // Every bundled module's import.meta.url is the bundle's (the yargs plugin re-points the one that must not).
  define: { 'import.meta.url': 'bundleFileUrl' },
  // "use strict" first: the modules are ES modules, strict by nature, and esbuild's own directive
  // would come after the banner, where it is no directive.
  banner: { js: "'use strict';\nconst bundleFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [yargsShimLocation, stringWidthOnDemand, yargsNoHelpCache],
  // The wizard's prompts stay in node_modules (inquirer is a runtime dependency): with its editor
  // prompt's iconv-lite and chardet they were 0.8 MB of the 1.9 MB bundle, read by every start
  // though only `wizard` runs them. The bundle require()s the ES module when the wizard's module
  // initialises, which Node does without a flag since 20.19 (package.json "engines").
  external: ['inquirer'],
});
// The entry's hashbang would be a syntax error inside the function the bin wraps the bundle in;
// a blank line in its place keeps the source map's line numbers.
const bundled = readFileSync(BUNDLE, 'utf8').replace(/^#!.*/, '');
// The bin decodes the bundle as Latin-1, which is exact only for ASCII. esbuild escapes string
// literals (its default charset) but keeps class-field comments as written.
const nonAscii = /[^\x00-\x7f]/.exec(bundled);
if (nonAscii) {
  const line = bundled.slice(0, nonAscii.index).split('\n').length;
  throw new Error(`the bundle must be ASCII (the bin reads it as Latin-1): "${nonAscii[0]}" on line ${line} of ${BUNDLE}; write that comment in ASCII`);
}
writeFileSync(BUNDLE, bundled);
copyFileSync(VALIDATOR_FILE, join(BUNDLE_DIR, 'profile-validator.cjs'));
recordValidatorCache();
// Without tsc's sourceMappingURL comment: the map stays behind in dist/src/build. The Node version
// it checks is package.json's, written in here so that the bin reads no file to know it.
writeFileSync(BIN, withNeededNode(readFileSync(BIN_SOURCE, 'utf8').replace(/^\/\/# sourceMappingURL=.*\n?/m, '')));
chmodSync(BIN, 0o755);
recordCodeCache();
