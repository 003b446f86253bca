import * as path from 'node:path';
import { FileSizes, fileSizesAt } from './git/fileSizes';
import { openRepository, repositoryCacheFolder, type Repository } from './git/repository';
import { blobTextAt, type BlobText } from './git/blobText';
import { blameRiskRanges } from './history/blameRanges';
import { BlameCache } from './history/blameCache';
import { lineMapper } from './lines/lineMap';
import { classify, judgeMessage } from './history/classification';
import { History, ruleSettingsFor, type CoChange, type CommitSummary } from './history/history';
import { extendLoadedHistory, loadHistory, loadPathHistory, NotCachedError, type IndexProgress, type LoadedHistory, type LoadHistoryOptions } from './history/historyLoader';
import { listTree } from './git/tree';
import { logInputsChange, readLogInputs } from './history/logStream';
import { analyseIncidents, type IncidentAnalysis } from './risk/incidentAnalysis';
import { tallyIncidents, type IncidentTally, type TallyFilter, type TallyGrouping } from './risk/incidentTally';
import { globMatcher } from './globs';
import { pathInside, realFolderPath } from './paths';
import { RiskModel, type FileRisk } from './risk/riskModel';
import { incidentIdKey, loadTeamFiles, type Incident, type TeamFiles } from './team';

export interface EngineOptions {
  /** Any folder inside the repository. */
  folder: string;
  /** Where the history index is cached between runs; none when absent. */
  cacheDir?: string;
  /** The moment results are computed for; an input so that results are reproducible. */
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (progress: IndexProgress) => void;
}

/** A block of lines in one file with the history behind it. */
export interface LineMark {
  /** 1-based, inclusive. */
  start: number;
  end: number;
  /** `history`: last touched by fix or incident-linked commits; `ledger`: named by a postmortem. */
  source: 'history' | 'ledger';
  commits: CommitSummary[];
  incidents: Incident[];
}

export interface FileExplanation {
  risk: FileRisk;
  owners: string[];
  coChanges: CoChange[];
  lineMarks: LineMark[];
  recentFixes: CommitSummary[];
}

export class PathOutsideRepositoryError extends Error {
  constructor(readonly requested: string, readonly root: string) {
    super(`${requested} is outside the repository ${root}`);
    this.name = 'PathOutsideRepositoryError';
  }
}

/** The engine over one repository: the CLI and the editor are thin shells around it. */
/** Files whose HEAD text an engine keeps for moving ledger ranges: a few open editors' worth. */
const HEAD_TEXTS_KEPT = 8;

export class ChangeRiskEngine {
  readonly risk: RiskModel;
  private readonly incidentsById: Map<string, Incident>;
  /** HEAD texts of the files whose ledger ranges were last moved onto an editor's text (see headText). */
  private readonly headTexts = new Map<string, BlobText>();

  private constructor(
    readonly repository: Repository,
    readonly team: TeamFiles,
    readonly history: History,
    readonly load: LoadedHistory,
    /** Every file's size in HEAD: the risk model orders files by score per size. */
    readonly sizes: FileSizes,
    /** What git blame said of files, kept with the index (none without a cache folder). */
    private readonly blameCache?: BlameCache,
  ) {
    this.risk = new RiskModel(history, team.config, team.incidents, sizes);
    this.incidentsById = new Map(team.incidents.map((incident) => [incidentIdKey(incident.id), incident]));
  }

  static async open(options: EngineOptions): Promise<ChangeRiskEngine> {
    return ChangeRiskEngine.openAt(await openRepository(options.folder, options.signal), options);
  }

  /**
   * The engine for the repository and its team files as they are now, when that needs no full read
   * of the history: this index when HEAD has not moved, else the new commits added to it in memory
   * (no cache to read). Undefined when HEAD is no descendant of the index (a rebase, another
   * branch) or git now reads the history differently (a deepened clone, another .mailmap): then
   * `open` it.
   */
  async refresh(options: Omit<EngineOptions, 'folder' | 'onProgress'> = {}): Promise<ChangeRiskEngine | undefined> {
    const repository = await openRepository(this.repository.root, options.signal);
    const { team, settings, history } = await ChangeRiskEngine.loaderOptions(repository, options);
    if (repository.head === this.repository.head && !logInputsChange(this.load.data.logInputs, readLogInputs(repository))) return this.withTeamFiles(team, options.now ?? new Date());
    const sizes = fileSizesAt(repository, history.cacheDir && repositoryCacheFolder(history.cacheDir, repository), {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.repository.head ? { previous: { head: this.repository.head, sizes: this.sizes } } : {}),
    });
    sizes.catch(() => undefined); // awaited below, unless the history fails first
    const load = await extendLoadedHistory({ ...history, writeCacheAfter: sizes }, this.load);
    return load && new ChangeRiskEngine(repository, team, new History(load.data, settings, options.now ?? new Date(), load.classification), load, await sizes, blameCacheOf(history.cacheDir, repository));
  }

  /**
   * The engine from the index cached for HEAD, reading no history from git (the file sizes may be
   * listed); undefined when the cache holds no usable index of HEAD: then `open` it (in a worker).
   */
  static async openCached(options: EngineOptions & { cacheDir: string }): Promise<ChangeRiskEngine | undefined> {
    try {
      return await ChangeRiskEngine.openAt(await openRepository(options.folder, options.signal), { ...options, cacheOnly: true });
    } catch (error) {
      if (error instanceof NotCachedError) return undefined;
      throw error;
    }
  }

  /**
   * A provisional engine over the history of `paths` alone (see `loadPathHistory`), for their line
   * marks while the whole history is read: fix, revert and incident commits are classified as in the
   * full index, but its risk model knows only these files, so its levels and ranks mean nothing.
   */
  static async openForPaths(options: EngineOptions & { paths: readonly string[] }): Promise<ChangeRiskEngine> {
    const repository = await openRepository(options.folder, options.signal);
    const { team, settings, history } = await ChangeRiskEngine.loaderOptions(repository, options);
    const { cacheDir: _uncached, ...uncached } = history;
    const [load, files] = await Promise.all([
      loadPathHistory({ ...uncached, paths: options.paths }),
      repository.head ? listTree(repository.root, repository.head, options.signal, options.paths) : Promise.resolve([]),
    ]);
    return new ChangeRiskEngine(repository, team, new History(load.data, settings, options.now ?? new Date(), load.classification), load, FileSizes.ofTree(files, 'full'));
  }

  private static async openAt(repository: Repository, options: EngineOptions & { cacheOnly?: boolean }): Promise<ChangeRiskEngine> {
    const { team, settings, history } = await ChangeRiskEngine.loaderOptions(repository, options);
    const sizes = fileSizesAt(repository, history.cacheDir && repositoryCacheFolder(history.cacheDir, repository), options.signal ? { signal: options.signal } : {});
    sizes.catch(() => undefined); // awaited below, unless the history fails first
    // The index cache is written once the sizes are in: writing it first would hold up the result.
    const load = await loadHistory({ ...history, writeCacheAfter: sizes, ...(options.cacheOnly ? { cacheOnly: true } : {}) });
    return new ChangeRiskEngine(repository, team, new History(load.data, settings, options.now ?? new Date(), load.classification), load, await sizes, blameCacheOf(history.cacheDir, repository));
  }

  /** The team files and how the history is read under their rules. */
  private static async loaderOptions(repository: Repository, options: Omit<EngineOptions, 'folder'>) {
    const team = await loadTeamFiles(repository.root);
    const settings = ruleSettingsFor(team.config.history, repository.root);
    const history: LoadHistoryOptions = {
      repository,
      classify: (data, previous, judged) => classify(data, settings.classifier, settings.classificationKey, previous, judged),
      judgeMessage: (message) => judgeMessage(settings.classifier, message),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    };
    return { team, settings, history };
  }

  /** The same history re-read with edited team files (and as of `now`): no git process needed. */
  withTeamFiles(team: TeamFiles, now = this.history.now): ChangeRiskEngine {
    const settings = ruleSettingsFor(team.config.history, this.repository.root);
    return new ChangeRiskEngine(this.repository, team, new History(this.load.data, settings, now, this.load.classification), this.load, this.sizes, this.blameCache);
  }

  /**
   * The same history read as if `commits` (full object names) had not happened: a change's own commits neither
   * count nor fix nor name incidents, so the risk a change is judged by comes from the history before it.
   */
  withoutCommits(commits: readonly string[]): ChangeRiskEngine {
    if (commits.length === 0) return this;
    const settings = { ...this.history.rules, excludedCommits: new Set(commits) };
    return new ChangeRiskEngine(this.repository, this.team, new History(this.load.data, settings, this.history.now, this.history.classification), this.load, this.sizes, this.blameCache);
  }

  /** Things the user should know about how complete the results are. */
  get warnings(): string[] {
    const warnings: string[] = [];
    if (this.repository.shallow) {
      warnings.push('This is a shallow clone: history is incomplete, so risk is underestimated. Run `git fetch --unshallow` for full results.');
    }
    if (this.load.rebuildReason) warnings.push(`The history index was rebuilt: ${this.load.rebuildReason}.`);
    if (this.load.cacheProblem) warnings.push(`No cache: ${this.load.cacheProblem}.`);
    if (this.sizes.rebuildReason) warnings.push(`The file sizes were listed afresh: ${this.sizes.rebuildReason}.`);
    return warnings;
  }

  /** Repository-relative posix path for a path given relative to `cwd` (or absolute); refuses paths outside the repository. */
  relativePath(requested: string, cwd = process.cwd()): string {
    // The folders as git sees them (the repository's root is a real path), the file name as given.
    const relative = pathInside(this.repository.root, realFolderPath(path.resolve(cwd, requested)));
    if (relative === undefined) throw new PathOutsideRepositoryError(requested, this.repository.root);
    return relative;
  }

  incidentTally(grouping: TallyGrouping, filter: TallyFilter = {}): IncidentTally {
    return tallyIncidents(this.team.incidents, grouping, (incident) => this.risk.areasOf(incident), filter);
  }

  /** The postmortem review's numbers: per month by kind, area and cause, against the budget, with action items. */
  incidentAnalysis(): IncidentAnalysis {
    return analyseIncidents({
      incidents: this.team.incidents,
      areasOf: (incident) => this.risk.areasOf(incident),
      declaredAreas: this.team.config.areas.map((area) => area.name),
      ...(this.team.config.qualityBar?.budget ? { budget: this.team.config.qualityBar.budget } : {}),
      now: this.history.now,
    });
  }

  incident(id: string): Incident | undefined {
    return this.incidentsById.get(incidentIdKey(id));
  }

  /** Line ranges of one file with fix or incident history, from `git blame` and from the ledger. */
  async lineMarks(file: string, options: { contents?: string; signal?: AbortSignal; onPartial?: (marks: LineMark[]) => void } = {}): Promise<LineMark[]> {
    // A postmortem names fixes and incidents on every line; it is the record, not code at risk.
    if (this.risk.roleOf(file) === 'team') return [];
    const ledger = await this.ledgerMarksIn(file, options.contents);
    const toMarks = (ranges: Awaited<ReturnType<typeof blameRiskRanges>>): LineMark[] => [
      ...ledger,
      ...ranges.map((range): LineMark => {
        const commits = range.commits.map((index) => this.history.commitSummary(index));
        return { start: range.start, end: range.end, source: 'history', commits, incidents: this.incidentsOfCommits(commits) };
      }),
    ].sort((a, b) => a.start - b.start || a.end - b.end);
    // Only files have lines to blame: a submodule has a history but is no blob in HEAD.
    if (!this.history.record(file) || this.sizes.get(file) === undefined) return ledger;
    const ranges = await blameRiskRanges(this.history, {
      root: this.repository.root,
      file,
      ...(this.blameCache && this.repository.head ? { cache: { store: this.blameCache, head: this.repository.head } } : {}),
      ...(options.contents !== undefined ? { contents: options.contents } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onPartial ? { onPartial: (partial) => options.onPartial!(toMarks(partial)) } : {}),
    });
    return toMarks(ranges);
  }

  async explain(file: string, options: { signal?: AbortSignal } = {}): Promise<FileExplanation | undefined> {
    const risk = this.risk.file(file);
    if (!risk) return undefined;
    const record = this.history.record(file)!;
    const recentFixes = Array.from(record.commits)
      .filter((index) => this.history.isTroubleCommit(index))
      .slice(-5)
      .reverse()
      .map((index) => this.history.commitSummary(index));
    return {
      risk,
      owners: risk.area?.owners ?? [],
      coChanges: this.history.coChanges(file, this.team.config.coupling),
      lineMarks: await this.lineMarks(file, options),
      recentFixes,
    };
  }

  private incidentsOfCommits(commits: CommitSummary[]): Incident[] {
    const found = new Set<Incident>();
    for (const commit of commits) {
      for (const id of commit.incidentIds) {
        const incident = this.incident(id);
        if (incident) found.add(incident);
      }
      for (const incident of this.team.incidents) {
        if ([...incident.commits.fix, ...incident.commits.introduced].some((sha) => commit.sha.startsWith(sha.toLowerCase()))) found.add(incident);
      }
    }
    return [...found];
  }

  /**
   * The ledger's ranges of `file`, moved onto `contents` when the editor's text differs from HEAD: the
   * postmortem's line numbers are read as lines of the file at HEAD, so a line inserted above INC-12's
   * block moves its mark with the block instead of leaving it on the old numbers.
   */
  private async ledgerMarksIn(file: string, contents: string | undefined): Promise<LineMark[]> {
    const marks = this.ledgerMarks(file);
    if (contents === undefined || marks.length === 0) return marks;
    const head = await this.headText(file);
    if (head.text === undefined) return marks;
    const moved = lineMapper(head.text, contents);
    return marks.flatMap((mark) => {
      const range = moved(mark);
      return range ? [{ ...mark, ...range }] : [];
    });
  }

  /**
   * The file's text at HEAD, remembered for the few files being edited: an engine reads one HEAD, and the
   * editor re-blames an edited file after every pause in typing.
   */
  private async headText(file: string): Promise<BlobText> {
    const known = this.headTexts.get(file);
    if (known) return known;
    const text = await blobTextAt(this.repository.root, 'HEAD', file);
    if (this.headTexts.size >= HEAD_TEXTS_KEPT) this.headTexts.delete(this.headTexts.keys().next().value!);
    this.headTexts.set(file, text);
    return text;
  }

  private ledgerMarks(file: string): LineMark[] {
    const names = [file, ...(this.history.record(file)?.formerPaths ?? [])];
    const marks: LineMark[] = [];
    for (const incident of this.team.incidents) {
      for (const affected of incident.affected) {
        if (affected.lines.length === 0 || !names.some(globMatcher([affected.path]))) continue;
        for (const lines of affected.lines) marks.push({ start: lines.start, end: lines.end, source: 'ledger', commits: [], incidents: [incident] });
      }
    }
    return marks;
  }
}

function blameCacheOf(cacheDir: string | undefined, repository: Repository): BlameCache | undefined {
  return cacheDir ? new BlameCache(repositoryCacheFolder(cacheDir, repository)) : undefined;
}
