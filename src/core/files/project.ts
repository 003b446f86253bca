/**
 * Whether the repository is an application that is deployed (a release to watch) or a library others release
 * (a gem, an engine): the default quality bar asks for a monitoring plan only in the first. Read from files at
 * the top of the tree; a dummy app under `spec/dummy/` is a library's test fixture, not a deployment.
 */
export interface ProjectKind {
  deployable: boolean;
  /** The file that decided it, for the bar's explanation. */
  evidence?: string;
}

const LIBRARY = /^[^/]+\.gemspec$/;
const DEPLOYMENT = [
  /^config\/environments\/production\.rb$/,
  /^Procfile$/,
  /^Dockerfile$/,
  /^(?:fly\.toml|app\.json|app\.ya?ml|render\.ya?ml|heroku\.yml|vercel\.json|netlify\.toml|serverless\.ya?ml|Capfile)$/,
  /^config\/deploy(?:\.rb|\.ya?ml|\/)/,
  /^\.kamal\//,
  /^(?:k8s|kubernetes|helm|deploy)\//,
];

export function projectKind(paths: Iterable<string>): ProjectKind {
  let library: string | undefined;
  let deployment: string | undefined;
  for (const path of paths) {
    if (library === undefined && LIBRARY.test(path)) library = path;
    if (deployment === undefined && DEPLOYMENT.some((pattern) => pattern.test(path))) deployment = path;
  }
  if (library !== undefined) return { deployable: false, evidence: library };
  return deployment !== undefined ? { deployable: true, evidence: deployment } : { deployable: false };
}
