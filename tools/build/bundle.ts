/**
 * Build step (npm run build, after tsc): the package's bin and everything it runs, in dist/bundle/:
 *   cli.cjs                the bin: runs the bundle (tools/build/bin.cts)
 *   sysctl-advisor.cjs     the CLI and its dependencies in one CommonJS file (esbuild)
 *   inquirer.cjs           the wizard's prompt library, bundled apart: only `wizard` reads it
 *   profile-validator.cjs  the standalone profile validator (tools/build/build-validator.ts)
 *   yargs-locales/         yargs' translations of its own messages
 *   THIRD-PARTY-LICENSES.txt  the licences of the packages bundled in, which the package no longer installs
 *
 * The folder needs no node_modules: the package installs with no runtime dependency, and the
 * GitHub Action and the pre-commit hook run it straight from a checkout. `npm run build:commit`
 * copies it to bundle/, the committed copy that package.json's bin, the Action and the hook run
 * (tools/build/commit-bundle.ts); a test checks that bundle/ is this build, byte for byte, so
 * the output must not depend on the time, the machine or the checkout's path.
 *
 * Why one file (bench/cold-start.ts): Node pays for every module file it resolves, reads and
 * links (yargs alone is ~40). The `import()`s that keep commands lazy become lazy initialisers in
 * the bundle: `review` still never runs the wizard's inquirer or, without --profile, the yaml package.
 *
 * No V8 code cache ships with it. One recorded at build time fits only the Node version that made
 * it and is not reproducible, so it cannot be committed; recording one at the first run would
 * mean executing compiled code from a cache file that another user may be able to replace (a
 * shared /tmp, or a home directory that root runs in through sudo). Without it `review FILE`
 * takes ~20 ms more (bench/cold-start.ts, Node 20: 1.41 to 1.72-1.86 times `node -e 0`).
 *
 * The input is tsc's output (dist/src), so the bundle runs exactly the code the unit tests run.
 * Files read at run time are found from the bundle as from dist/src: the package root by walking up
 * to package.json (util/package-info.ts), profiles/, docs/ and schemas/ from there.
 */
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { VALIDATOR_FILE, VALIDATOR_INPUTS_FILE } from '../../src/profiles/validator.js';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import {
  assertPatchedVersion,
  assertPinnedInPackageJson,
  nodeModulesDirAbove,
  packageAt,
  packageOf,
  PATCHED_YARGS,
  STRING_WIDTH_BY_IMPORTER,
} from './patched-packages.js';
import { BUILT_BUNDLE_DIR as BUNDLE_DIR } from './paths.js';

const ENTRY = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const BIN_SOURCE = fileURLToPath(new URL('./bin.cjs', import.meta.url));
const BUNDLE = join(BUNDLE_DIR, 'sysctl-advisor.cjs');
const BIN = join(BUNDLE_DIR, 'cli.cjs');
const INQUIRER = 'inquirer.cjs';
const YARGS_LOCALES = 'yargs-locales';

/**
 * yargs' ESM shim finds two things from its own location (import.meta.url, which in the bundle is
 * the bundle's): its locale files, at ../../../locales, and the app's package.json, looked up from
 * the folder above the nearest node_modules. The bundle ships the locale files beside it (yargs
 * would quietly stop translating its messages: LANG=de_DE gives "Optionen:" today), and yargs
 * looks up this package's own package.json from the bundle, as from dist/src: not the package.json
 * of a project that happens to hold the install (yargs reads parser settings from it).
 * A yargs that no longer has these lines fails the build here.
 */
const YARGS_SHIM_LOCATIONS: readonly (readonly [string, string])[] = [
  ["const mainFilename = __dirname.substring(0, __dirname.lastIndexOf('node_modules'));", 'const mainFilename = __dirname;'],
  ["directory: resolve(__dirname, '../../../locales'),", `directory: resolve(__dirname, '../${YARGS_LOCALES}'),`],
];
const yargsShimLocation: Plugin = {
  name: 'yargs-shim-location',
  setup(build) {
    build.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, ({ path }) => {
      assertPatchedVersion(packageOf(path), PATCHED_YARGS, 'rewrites the source of');
      let source = readFileSync(path, 'utf8');
      for (const [line, replacement] of YARGS_SHIM_LOCATIONS) {
        if (source.split(line).length !== 2) throw new Error(`${path} no longer contains ${line} once: yargs changed, revisit this plugin`);
        source = source.replace(line, replacement);
      }
      return { contents: source, loader: 'js' };
    });
  },
};

/** The wizard's `import inquirer from 'inquirer'`, in the bundle: a require of inquirer.cjs beside it, run when the wizard's module initialises. */
const inquirerBesideBundle: Plugin = {
  name: 'inquirer-beside-bundle',
  setup(build) {
    build.onResolve({ filter: /^inquirer$/ }, () => ({ path: `./${INQUIRER}`, external: true }));
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
 * Each importer's string-width version is pinned and checked (patched-packages.ts).
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
    build.onResolve({ filter: /^string-width$/ }, ({ namespace, resolveDir, importer }) => {
      if (namespace === 'string-width-on-demand') return undefined;
      const importing = packageOf(importer).name;
      const expected = STRING_WIDTH_BY_IMPORTER[importing];
      if (!expected)
        throw new Error(
          `${importer} imports string-width, which tools/build/bundle.ts swaps for a stand-in checked only for ${Object.keys(STRING_WIDTH_BY_IMPORTER).join(', ')}: check it for ${importing} and add it`,
        );
      assertPatchedVersion(packageAt(nodeModulesDirAbove(resolveDir, 'string-width')), expected, `swaps in a stand-in for ${importing}'s`);
      return { path: relative(PACKAGE_ROOT, resolveDir), namespace: 'string-width-on-demand', pluginData: { resolveDir } };
    });
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
      assertPatchedVersion(packageOf(path), PATCHED_YARGS, 'rewrites the source of');
      const source = readFileSync(path, 'utf8');
      if (source.split(CACHE_HELP_CALL).length !== 2)
        throw new Error(`${path} no longer calls ${CACHE_HELP_CALL} once: yargs changed, revisit this plugin`);
      return { contents: source.replace(CACHE_HELP_CALL, '/* help text not cached: tools/build/bundle.ts */'), loader: 'js' };
    });
  },
};

/** What both bundles share: Node, CommonJS, and import.meta.url as the bundle file's URL. */
const COMMON: BuildOptions = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  // Paths in esbuild's comments are relative to this: the same bytes from any checkout.
  absWorkingDir: PACKAGE_ROOT,
  // Every bundled module's import.meta.url is the bundle's (the yargs plugin re-points what must not be).
  define: { 'import.meta.url': 'bundleFileUrl' },
  // "use strict" first: the modules are ES modules, strict by nature, and esbuild's own directive
  // would come after the banner, where it is no directive.
  banner: {
    js: "'use strict';\n// Generated by tools/build/bundle.ts (npm run build:commit); do not edit.\nconst bundleFileUrl = require('node:url').pathToFileURL(__filename).href;",
  },
  logLevel: 'warning',
};

/** The bin's NEEDS_NODE set to package.json's engines.node (">=X.Y[.Z]", the only form the bin compares). */
function withNeededNode(bin: string): string {
  const engines = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines?.node;
  if (!engines || !/^>=\s*\d+(\.\d+){0,2}$/.test(engines))
    throw new Error(`package.json engines.node must be ">=X.Y[.Z]" for the bin's check, not ${JSON.stringify(engines)}`);
  const marker = /^const NEEDS_NODE = '[^']*';$/m;
  if (!marker.test(bin)) throw new Error(`the bin (${BIN_SOURCE}) has no "const NEEDS_NODE = '...';" line to set`);
  return bin.replace(marker, `const NEEDS_NODE = ${JSON.stringify(engines).replace(/"/g, "'")};`);
}

/** The bin decodes the bundle (and validator.ts the profile validator) as Latin-1, which is exact only for ASCII. esbuild escapes string literals (its default charset) but keeps comments as written. */
function assertAscii(file: string): void {
  const text = readFileSync(file, 'latin1');
  const nonAscii = /[^\x00-\x7f]/.exec(text);
  if (nonAscii) {
    const line = text.slice(0, nonAscii.index).split('\n').length;
    throw new Error(
      `the bundle must be ASCII (the bin reads it as Latin-1): a non-ASCII byte on line ${line} of ${file}; write that comment in ASCII`,
    );
  }
}

/** The package folder (…/node_modules/NAME or …/node_modules/@SCOPE/NAME) of each bundled file under node_modules. */
function bundledPackageDirs(inputs: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const input of inputs) {
    const match = /^(?:.*:)?(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) dirs.add(match[1]!);
  }
  return dirs;
}

/**
 * Each bundled package's name, version and licence text. The MIT and ISC licences of these
 * packages ask that the notice go with every copy, and the installed package no longer brings
 * them along in node_modules.
 */
function thirdPartyLicenses(packageDirs: Iterable<string>): string {
  const entries = [...packageDirs].map((dir) => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      license?: string;
    };
    const licenseFile = readdirSync(join(PACKAGE_ROOT, dir))
      .filter((name) => /^licen[cs]e/i.test(name))
      .sort()[0];
    if (!licenseFile) throw new Error(`${dir} (bundled) has no LICENSE file: its notice must be written out by hand here`);
    const text = readFileSync(join(PACKAGE_ROOT, dir, licenseFile), 'utf8').trim();
    return { title: `${manifest.name}@${manifest.version} (${manifest.license ?? 'see text'})`, text };
  });
  const unique = new Map(entries.map((entry) => [entry.title, entry.text]));
  return `${[...unique]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([title, text]) => `${title}\n${'-'.repeat(title.length)}\n${text}\n`)
    .join('\n')}`;
}

assertPinnedInPackageJson(join(PACKAGE_ROOT, 'package.json'));
rmSync(BUNDLE_DIR, { recursive: true, force: true });
const main = await build({
  ...COMMON,
  metafile: true,
  entryPoints: [ENTRY],
  outfile: BUNDLE,
  plugins: [yargsShimLocation, stringWidthOnDemand, yargsNoHelpCache, inquirerBesideBundle],
});
// The entry's hashbang would be a syntax error inside the function the bin wraps the bundle in.
writeFileSync(BUNDLE, readFileSync(BUNDLE, 'utf8').replace(/^#!.*\n/, ''));
assertAscii(BUNDLE);

// The wizard's prompts (with its editor prompt's iconv-lite and chardet, 0.8 MB) in a file of their
// own, read only when the wizard runs: the main bundle is read by every start.
const prompts = await build({
  ...COMMON,
  metafile: true,
  stdin: {
    contents: "module.exports = require('inquirer').default;",
    resolveDir: PACKAGE_ROOT,
    sourcefile: 'inquirer-entry.cjs',
    loader: 'js',
  },
  outfile: join(BUNDLE_DIR, INQUIRER),
});

copyFileSync(VALIDATOR_FILE, join(BUNDLE_DIR, 'profile-validator.cjs'));
assertAscii(join(BUNDLE_DIR, 'profile-validator.cjs'));

const locales = join(PACKAGE_ROOT, 'node_modules', 'yargs', 'locales');
mkdirSync(join(BUNDLE_DIR, YARGS_LOCALES));
for (const name of readdirSync(locales).filter((file) => file.endsWith('.json')))
  copyFileSync(join(locales, name), join(BUNDLE_DIR, YARGS_LOCALES, name));

const validatorInputs = JSON.parse(readFileSync(VALIDATOR_INPUTS_FILE, 'utf8')) as string[];
const bundled = bundledPackageDirs([...Object.keys(main.metafile.inputs), ...Object.keys(prompts.metafile.inputs), ...validatorInputs]);
writeFileSync(join(BUNDLE_DIR, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses(bundled));

// Without tsc's sourceMappingURL comment: the map stays behind in dist/tools/build.
// The Node version it checks is package.json's, written in here so that the bin reads no file to know it.
writeFileSync(BIN, withNeededNode(readFileSync(BIN_SOURCE, 'utf8').replace(/^\/\/# sourceMappingURL=.*\n?/m, '')));
chmodSync(BIN, 0o755);
