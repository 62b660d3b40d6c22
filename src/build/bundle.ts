/**
 * Build step (npm run build, after tsc): bundles the CLI into dist/bundle/, the package's bin.
 *
 * Why: Node pays for every module file it resolves, reads and links, and yargs alone is ~40 files;
 * one entry plus a few shared chunks starts measurably faster (bench/cold-start.ts). ESM output with
 * code splitting keeps the lazy `import()`s lazy: `review` still never loads the wizard's inquirer,
 * and the profile loader (yaml) only loads for commands that read a profile.
 *
 * The input is tsc's output (dist/src), so the bundle runs exactly the code the unit tests run.
 * Files read at run time are found from the bundle as from dist/src: the package root by walking up
 * to package.json (util/package-info.ts), the standalone profile validator next to the module that
 * loads it (copied below), profiles/, docs/ and schemas/ from the package root.
 */
import { chmodSync, copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { PACKAGE_ROOT } from '../util/package-info.js';
import { VALIDATOR_FILE } from '../profiles/validator.js';

const ENTRY = fileURLToPath(new URL('../cli.js', import.meta.url));
const BUNDLE_DIR = join(PACKAGE_ROOT, 'dist', 'bundle');

/**
 * yargs' ESM shim locates its locale files (and the app's package.json) from its own
 * import.meta.url. Inside the bundle that would be the bundle's URL, and yargs would quietly stop
 * translating its messages (LANG=de_DE gives "Optionen:" today), so point it at the installed
 * yargs package, which is a runtime dependency anyway.
 */
const yargsShimLocation: Plugin = {
  name: 'yargs-shim-location',
  setup(build) {
    build.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const ownLocation = 'fileURLToPath(import.meta.url)';
      if (!source.includes(ownLocation)) throw new Error(`${path} no longer contains ${ownLocation}: yargs changed, revisit this plugin`);
      const installedLocation = "join(dirname(createRequire(import.meta.url).resolve('yargs/package.json')), 'lib', 'platform-shims', 'esm.mjs')";
      return { contents: source.replace(ownLocation, installedLocation), loader: 'js' };
    });
  },
};

/**
 * yargs measures its help text with string-width, which builds an Intl.Segmenter and an
 * RGI_Emoji regular expression the moment it loads: a quarter of `node -e 0`, paid by every
 * command, although yargs renders that text for every command but prints it only for --help.
 * Our help text is printable ASCII, whose width is its length, which is string-width's own first
 * test; in the bundle yargs gets this stand-in, and the real string-width (still bundled, its
 * evaluation deferred by esbuild's `require`) only for a string that needs it.
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
    build.onResolve({ filter: /^string-width$/ }, ({ namespace }) =>
      // The stand-in's own require gets the real package.
      namespace === 'string-width-on-demand' ? undefined : { path: 'string-width', namespace: 'string-width-on-demand' },
    );
    build.onLoad({ filter: /.*/, namespace: 'string-width-on-demand' }, () => ({ contents: STRING_WIDTH_ON_DEMAND, loader: 'js', resolveDir: PACKAGE_ROOT }));
  },
};

rmSync(BUNDLE_DIR, { recursive: true, force: true });
await build({
  entryPoints: [ENTRY],
  outdir: BUNDLE_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Flat output: every chunk sits in BUNDLE_DIR, so import.meta.url-relative files resolve alike from each.
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  // The CommonJS packages bundled in (yaml, parts of yargs) call require() for Node's built-ins.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);" },
  plugins: [yargsShimLocation, stringWidthOnDemand],
});
copyFileSync(VALIDATOR_FILE, join(BUNDLE_DIR, 'profile-validator.cjs'));
chmodSync(join(BUNDLE_DIR, 'cli.js'), 0o755);
