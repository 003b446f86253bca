import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import type { Classification } from './classification';
import { PathEvent, type HistoryData } from './historyData';
import type { LogInputs } from './logStream';

/**
 * The cached index on disk: a small JSON header, then each array of `HistoryData` as raw bytes, read
 * straight into a typed array of its own. Nothing is parsed or converted per commit, so loading costs
 * little more than the reads; the arrays that commits extend get spare room behind them, so an
 * incremental load appends new commits without copying them (see `HistoryBuilder`).
 *
 * Layout: magic and format (4 bytes each, in the machine's byte order, so a file from a machine of the
 * other order reads as foreign), the header's length (4), 4 bytes of zero, the SHA-256 of every other
 * byte of the file (32), the UTF-8 JSON header, then the sections in `SECTIONS` order, each starting at
 * a multiple of 8 bytes. The checksum is there because nothing else would notice a flipped bit: most
 * flips leave a file that holds together and silently changes a score (hashing costs about a
 * millisecond per megabyte, a few on a large history).
 */
export interface StoredHistory {
  data: HistoryData;
  classification?: Classification;
}

/** Bumped whenever the layout changes, so an old cache is never misread. */
export const INDEX_FORMAT = 11;

const MAGIC = 0x58495243;
/** Magic, format, header length and zero; then the digest. */
const FIXED_BYTES = 16;
const DIGEST_BYTES = 32;
const PREFIX_BYTES = FIXED_BYTES + DIGEST_BYTES;
const SECTIONS = [
  'shas',
  'times',
  'authorOfCommit',
  'messages',
  'messageOffsets',
  'commitFileOffsets',
  'commitFileIds',
  'fileCommitOffsets',
  'fileCommitIds',
  'fileAlive',
  'liveFileIds',
  'filePaths',
  'formerPaths',
  'formerPathFiles',
  'renamedAwayPaths',
  'renamedAwayFiles',
  'fix',
  'incidentCommits',
  'ignoredFiles',
  'reverts',
  'pathEventOffsets',
  'pathEvents',
  'renameTargets',
  'authorRenames',
  'previousAuthorNames',
  'mergeShas',
  'mergePositions',
] as const;
type SectionName = (typeof SECTIONS)[number];

interface Header {
  head: string | undefined;
  logInputs: LogInputs;
  commitCount: number;
  fileCount: number;
  shaLength: number;
  authorNames: string[];
  authorEmails: string[];
  classification?: { key: string; incidentIds: string[] };
  /** Byte length of each section, in `SECTIONS` order. */
  sections: number[];
}

export function writeIndexFile(file: string, { data, classification }: StoredHistory): void {
  const formerPaths = [...data.formerPaths].flatMap(([id, paths]) => paths.map((path) => [id, path] as const));
  const sections: Record<SectionName, Uint8Array> = {
    shas: data.shas,
    times: bytesOf(data.times),
    authorOfCommit: bytesOf(data.authorOfCommit),
    messages: data.messages,
    messageOffsets: bytesOf(data.messageOffsets),
    commitFileOffsets: bytesOf(data.commitFileOffsets),
    commitFileIds: bytesOf(data.commitFileIds),
    fileCommitOffsets: bytesOf(data.fileCommitOffsets),
    fileCommitIds: bytesOf(data.fileCommitIds),
    fileAlive: data.fileAlive,
    liveFileIds: bytesOf(data.liveFileIds),
    filePaths: joined(data.filePaths),
    formerPaths: joined(formerPaths.map(([, path]) => path)),
    formerPathFiles: bytesOf(Uint32Array.from(formerPaths, ([id]) => id)),
    renamedAwayPaths: joined([...data.renamedAway.keys()]),
    renamedAwayFiles: bytesOf(Uint32Array.from(data.renamedAway.values())),
    fix: classification?.fix ?? new Uint8Array(0),
    incidentCommits: bytesOf(classification?.incidentCommits ?? new Uint32Array(0)),
    ignoredFiles: classification?.ignoredFiles ?? new Uint8Array(0),
    reverts: bytesOf(classification?.reverts ?? new Uint32Array(0)),
    pathEventOffsets: bytesOf(data.pathEventOffsets),
    pathEvents: bytesOf(data.pathEvents),
    renameTargets: data.renameTargets,
    authorRenames: bytesOf(data.authorRenames),
    previousAuthorNames: joined(data.previousAuthorNames),
    mergeShas: data.mergeShas,
    mergePositions: bytesOf(data.mergePositions),
  };
  const header: Header = {
    head: data.head,
    logInputs: data.logInputs,
    commitCount: data.commitCount,
    fileCount: data.filePaths.length,
    shaLength: data.shaLength,
    authorNames: data.authorNames,
    authorEmails: data.authorEmails,
    ...(classification ? { classification: { key: classification.key, incidentIds: classification.incidentIds } } : {}),
    sections: SECTIONS.map((name) => sections[name].byteLength),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const fixed = bytesOf(new Uint32Array([MAGIC, INDEX_FORMAT, json.byteLength, 0]));
  const digest = new Uint8Array(DIGEST_BYTES);
  const chunks: Uint8Array[] = [fixed, digest, json];
  let written = PREFIX_BYTES + json.byteLength;
  let dataEnd = chunks.length;
  for (const name of SECTIONS) {
    chunks.push(new Uint8Array(padding(written)));
    written = aligned(written);
    chunks.push(sections[name]);
    written += sections[name].byteLength;
    if (sections[name].byteLength > 0) dataEnd = chunks.length;
  }
  // No padding after the last bytes of data: the file ends where its data does, so a cut-off file is a short read.
  chunks.length = dataEnd;
  const hash = crypto.createHash('sha256');
  for (const chunk of chunks) if (chunk !== digest) hash.update(chunk);
  digest.set(hash.digest());
  const fd = fs.openSync(file, 'w');
  try {
    fs.writevSync(fd, chunks);
  } finally {
    fs.closeSync(fd);
  }
}

/** A cache file that is not what was written: cut short, a flipped bit, or bytes that do not hold together. */
export class DamagedCacheFileError extends Error {
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'DamagedCacheFileError';
  }
}

/** Element size of each section, and whether commits extend it (it gets spare room, see `HistoryBuilder`). */
const SECTION_SHAPES: Record<SectionName, { kind: 1 | 4; growing?: true }> = {
  shas: { kind: 1, growing: true },
  times: { kind: 4, growing: true },
  authorOfCommit: { kind: 4, growing: true },
  messages: { kind: 1, growing: true },
  messageOffsets: { kind: 4, growing: true },
  commitFileOffsets: { kind: 4, growing: true },
  commitFileIds: { kind: 4, growing: true },
  fileCommitOffsets: { kind: 4 },
  fileCommitIds: { kind: 4 },
  fileAlive: { kind: 1 },
  liveFileIds: { kind: 4 },
  filePaths: { kind: 1 },
  formerPaths: { kind: 1 },
  formerPathFiles: { kind: 4 },
  renamedAwayPaths: { kind: 1 },
  renamedAwayFiles: { kind: 4 },
  fix: { kind: 1 },
  incidentCommits: { kind: 4 },
  ignoredFiles: { kind: 1 },
  reverts: { kind: 4 },
  pathEventOffsets: { kind: 4, growing: true },
  pathEvents: { kind: 4, growing: true },
  renameTargets: { kind: 1, growing: true },
  authorRenames: { kind: 4, growing: true },
  previousAuthorNames: { kind: 1 },
  mergeShas: { kind: 1, growing: true },
  mergePositions: { kind: 4, growing: true },
};

/**
 * The stored index, or undefined when the file is of another format; throws `DamagedCacheFileError`
 * when it is not byte for byte what was written (checked against its digest before anything in it
 * is used), other errors when it cannot be read at all. The caller indexes afresh either way.
 */
export function readIndexFile(file: string): StoredHistory | undefined {
  const fd = fs.openSync(file, 'r');
  const damaged = (reason: string) => new DamagedCacheFileError(file, reason);
  try {
    const fileBytes = fs.fstatSync(fd).size;
    if (fileBytes < PREFIX_BYTES) throw damaged(fileBytes === 0 ? 'empty file' : 'cut short');
    const reader = new SectionReader(fd, file);
    const prefix = reader.read(new Uint32Array(FIXED_BYTES / 4), 0);
    if (prefix[0] !== MAGIC || prefix[1] !== INDEX_FORMAT) return undefined;
    const stored = reader.read(new Uint8Array(DIGEST_BYTES), FIXED_BYTES);
    const headerBytes = prefix[2]!;
    // Every length is checked against the file's size before anything that large is allocated.
    if (PREFIX_BYTES + headerBytes > fileBytes) throw damaged('cut short');
    const hash = crypto.createHash('sha256').update(bytesOf(prefix));
    const headerText = reader.read(new Uint8Array(headerBytes), PREFIX_BYTES);
    hash.update(headerText);
    let header: Header;
    try {
      header = JSON.parse(Buffer.from(headerText).toString('utf8')) as Header;
    } catch {
      throw damaged('unreadable header');
    }
    if (!Array.isArray(header.sections) || header.sections.length !== SECTIONS.length || !header.sections.every((n) => Number.isSafeInteger(n) && n >= 0)) {
      throw damaged('unexpected sections');
    }
    let end = PREFIX_BYTES + headerBytes;
    let dataEnd = end;
    SECTIONS.forEach((_, k) => {
      end = aligned(end) + header.sections[k]!;
      if (header.sections[k]! > 0) dataEnd = end;
    });
    if (dataEnd !== fileBytes) throw damaged(dataEnd > fileBytes ? 'cut short' : 'unexpected bytes at the end');
    const arrays = new Map<SectionName, Uint8Array | Uint32Array>();
    let at = PREFIX_BYTES + headerBytes;
    SECTIONS.forEach((name, k) => {
      const byteLength = header.sections[k]!;
      const { kind, growing } = SECTION_SHAPES[name];
      const length = byteLength / kind;
      if (!Number.isInteger(length)) throw damaged(`${name}: not whole elements`);
      // The padding is hashed too: a flipped bit anywhere is noticed, not just where it matters.
      if (at < dataEnd) hash.update(reader.read(new Uint8Array(padding(at)), at));
      at = aligned(at);
      // Only the bytes read are touched: the spare room costs address space, not memory.
      const capacity = growing ? length + Math.max(1024, length >>> 3) : length;
      const array = kind === 1 ? new Uint8Array(capacity) : new Uint32Array(capacity);
      hash.update(reader.read(bytesOf(array).subarray(0, byteLength), at));
      at += byteLength;
      arrays.set(name, array.subarray(0, length));
    });
    if (!hash.digest().equals(stored)) throw damaged('checksum mismatch');
    const section = <T extends Uint8Array | Uint32Array>(name: SectionName) => arrays.get(name) as T;
    const { commitCount, fileCount } = header;
    const shas = section<Uint8Array>('shas');
    const times = section<Uint32Array>('times');
    const authorOfCommit = section<Uint32Array>('authorOfCommit');
    const messages = section<Uint8Array>('messages');
    const messageOffsets = section<Uint32Array>('messageOffsets');
    const commitFileOffsets = section<Uint32Array>('commitFileOffsets');
    const commitFileIds = section<Uint32Array>('commitFileIds');
    const fileCommitOffsets = section<Uint32Array>('fileCommitOffsets');
    const fileCommitIds = section<Uint32Array>('fileCommitIds');
    const fileAlive = section<Uint8Array>('fileAlive');
    const liveFileIds = section<Uint32Array>('liveFileIds');
    const filePaths = split(section<Uint8Array>('filePaths'), fileCount);
    const formerPathFiles = section<Uint32Array>('formerPathFiles');
    const formerPathBytes = section<Uint8Array>('formerPaths');
    const renamedAwayFiles = section<Uint32Array>('renamedAwayFiles');
    const renamedAwayBytes = section<Uint8Array>('renamedAwayPaths');
    const fix = section<Uint8Array>('fix');
    const incidentCommits = section<Uint32Array>('incidentCommits');
    const ignoredFiles = section<Uint8Array>('ignoredFiles');
    const reverts = section<Uint32Array>('reverts');
    const pathEventOffsets = section<Uint32Array>('pathEventOffsets');
    const pathEvents = section<Uint32Array>('pathEvents');
    const renameTargets = section<Uint8Array>('renameTargets');
    const authorRenames = section<Uint32Array>('authorRenames');
    const previousAuthorNames = split(section<Uint8Array>('previousAuthorNames'), authorRenames.length / 2);
    const mergeShas = section<Uint8Array>('mergeShas');
    const mergePositions = section<Uint32Array>('mergePositions');
    const consistent =
      [times, authorOfCommit].every((array) => array.length === commitCount) &&
      shas.length === (commitCount * header.shaLength) / 2 &&
      messageOffsets.length === commitCount + 1 &&
      messageOffsets[commitCount] === messages.length &&
      commitFileOffsets.length === commitCount + 1 &&
      commitFileOffsets[commitCount] === commitFileIds.length &&
      fileCommitOffsets.length === fileCount + 1 &&
      fileCommitOffsets[fileCount] === fileCommitIds.length &&
      fileCommitIds.length === commitFileIds.length &&
      fileAlive.length === fileCount &&
      liveFileIds.every((id) => id < fileCount) &&
      joinedCount(formerPathBytes) === formerPathFiles.length &&
      joinedCount(renamedAwayBytes) === renamedAwayFiles.length &&
      pathEventsConsistent(pathEventOffsets, pathEvents, renameTargets, commitCount, fileCount) &&
      authorRenames.length % 2 === 0 &&
      mergeShas.length === (mergePositions.length * header.shaLength) / 2 &&
      mergePositions.every((at, k) => at <= commitCount && (k === 0 || at >= mergePositions[k - 1]!)) &&
      authorRenames.every((value, k) => value < (k % 2 === 0 ? commitCount : header.authorEmails.length)) &&
      (!header.classification ||
        (fix.length === commitCount && incidentCommits.length === header.classification.incidentIds.length && ignoredFiles.length === fileCount && reverts.length % 2 === 0 && reverts.every((commit) => commit < commitCount)));
    if (!consistent) throw damaged('inconsistent sections');
    // The rename maps are decoded when first asked for: only extending the index or a file's details need them.
    let formerPaths: HistoryData['formerPaths'] | undefined;
    let renamedAway: HistoryData['renamedAway'] | undefined;
    const data: HistoryData = {
      head: header.head,
      logInputs: header.logInputs,
      commitCount,
      shas,
      shaLength: header.shaLength,
      times,
      authorOfCommit,
      messages,
      messageOffsets,
      commitFileOffsets,
      commitFileIds,
      fileCommitOffsets,
      fileCommitIds,
      authorNames: header.authorNames,
      authorEmails: header.authorEmails,
      filePaths,
      fileAlive,
      liveFileIds,
      get formerPaths() {
        return (formerPaths ??= groupFormerPaths(formerPathFiles, split(formerPathBytes, formerPathFiles.length)));
      },
      get renamedAway() {
        return (renamedAway ??= new Map(split(renamedAwayBytes, renamedAwayFiles.length).map((path, k) => [path, renamedAwayFiles[k]!])));
      },
      pathEventOffsets,
      pathEvents,
      renameTargets,
      authorRenames,
      previousAuthorNames,
      mergeShas,
      mergePositions,
    };
    const classification = header.classification && { key: header.classification.key, fix, incidentCommits, incidentIds: header.classification.incidentIds, ignoredFiles, reverts };
    return classification ? { data, classification } : { data };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads byte ranges of one file, failing on a short read (a truncated file). */
class SectionReader {
  constructor(
    private readonly fd: number,
    private readonly file: string,
  ) {}

  read<T extends Uint8Array | Uint32Array>(into: T, position: number): T {
    const bytes = bytesOf(into);
    let done = 0;
    while (done < bytes.byteLength) {
      const read = fs.readSync(this.fd, bytes, done, bytes.byteLength - done, position + done);
      if (read === 0) throw new DamagedCacheFileError(this.file, 'cut short');
      done += read;
    }
    return into;
  }
}

/** One offset per commit, ascending, ending at the events' count; each event of a known file and kind; one rename target per rename. */
function pathEventsConsistent(offsets: Uint32Array, events: Uint32Array, renameTargets: Uint8Array, commitCount: number, fileCount: number): boolean {
  if (offsets.length !== commitCount + 1 || offsets[0] !== 0 || offsets[commitCount] !== events.length) return false;
  for (let commit = 0; commit < commitCount; commit++) if (offsets[commit]! > offsets[commit + 1]!) return false;
  let renames = 0;
  for (const event of events) {
    if (event >>> 2 >= fileCount || (event & 3) > PathEvent.renamed) return false;
    if ((event & 3) === PathEvent.renamed) renames++;
  }
  let targets = 0;
  for (let at = renameTargets.indexOf(0); at !== -1; at = renameTargets.indexOf(0, at + 1)) targets++;
  return targets === renames && (renameTargets.length === 0 || renameTargets[renameTargets.length - 1] === 0);
}

function groupFormerPaths(files: Uint32Array, paths: string[]): Map<number, string[]> {
  const grouped = new Map<number, string[]>();
  paths.forEach((path, k) => {
    const list = grouped.get(files[k]!);
    if (list) list.push(path);
    else grouped.set(files[k]!, [path]);
  });
  return grouped;
}

/** Paths and names cannot contain NUL, so it separates them. */
function joined(strings: readonly string[]): Uint8Array {
  return Buffer.from(strings.join('\0'), 'utf8');
}

/** How many strings `joined` made these bytes of (which cannot tell one empty string from none). */
function joinedCount(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let count = 1;
  for (let at = bytes.indexOf(0); at !== -1; at = bytes.indexOf(0, at + 1)) count++;
  return count;
}

function split(bytes: Uint8Array, count: number): string[] {
  if (count === 0) return [];
  const strings = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split('\0');
  if (strings.length !== count) throw new Error('string count');
  return strings;
}

function bytesOf(array: Uint8Array | Uint32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function aligned(offset: number): number {
  return Math.ceil(offset / 8) * 8;
}

function padding(offset: number): number {
  return aligned(offset) - offset;
}
