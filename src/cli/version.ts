// The package version `change-risk --version` prints. Imported by name from the manifest, so that esbuild
// inlines only this one string into the bundle (it tree-shakes the other fields of an imported JSON file)
// and the tsx-run sources read the same value: the version is right on every path, with no define to keep in
// step and no file to find at run time.
import { version } from '../../package.json';

export const CLI_VERSION: string = version;
