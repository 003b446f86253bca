import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { DamagedCacheFileError } from '../history/indexFile';
import type { ChangeLineData } from './changeData';
import type { FileVersion, LineState } from './lineHistory';

/**
 * The history pass's result and the line owners it ended with, cached beside the history index as
 * `<head>.changes`, so the next run reads it, or extends it with the new commits only.
 *
 * Layout: magic and format (4 bytes each, the machine's byte order), the header's length, 4 bytes of
 * zero, the SHA-256 of every other byte of the file, the UTF-8 JSON header, zero padding to a multiple
 * of 4, then the arrays of `SECTIONS` back to back (all 4-byte elements). As with the index, the
 * digest is checked before anything in the file is used: a flipped bit would otherwise silently move
 * a label.
 */
export interface StoredChangeData {
  data: ChangeLineData;
  files: LineState;
  /** What the pass depended on (see `basisDigest`): the covered commits, their rules verdicts, the tracked files. */
  basis: string;
}

/** Bumped whenever the layout or the pass's rules change, so an old cache is never misread. */
export const CHANGES_FORMAT = 3;
const MAGIC = 0x48435243;
const PREFIX_BYTES = 16 + 32;

const SECTIONS = [
  'added',
  'deleted',
  'inducing',
  'fixing',
  'blamedLines',
  'recentlyFixedLinesTouched',
  'recentFixesTouched',
  'stateIds',
  'stateVersionCounts',
  'stateBlobs',
  'stateLengths',
  'stateOwners',
  'stateHashes',
  'stateTimes',
  'startFiles',
  'startLines',
] as const;
type Section = (typeof SECTIONS)[number];

interface Header {
  head: string | undefined;
  commitCount: number;
  /** See `ChangeLineData.firstCommit` (0: the whole history). */
  firstCommit: number;
  basis: string;
  /** Bytes of a blob's object name (20 for SHA-1, 32 for SHA-256). */
  blobBytes: number;
  /** Element count of each section, in `SECTIONS` order. */
  lengths: number[];
}

export function writeChangeDataFile(file: string, stored: StoredChangeData): void {
  const { data, files } = stored;
  const versions = [...files.values()].flat();
  const blobBytes = versions.length > 0 ? versions[0]!.blob.length / 2 : 20;
  const blobs = Buffer.alloc(versions.length * blobBytes);
  versions.forEach((version, k) => blobs.write(version.blob, k * blobBytes, 'hex'));
  const sections: Record<Section, Uint32Array | Int32Array> = {
    added: data.added,
    deleted: data.deleted,
    inducing: data.inducing,
    fixing: data.fixing,
    blamedLines: data.blamedLines,
    recentlyFixedLinesTouched: data.recentlyFixedLinesTouched,
    recentFixesTouched: data.recentFixesTouched,
    stateIds: Uint32Array.from(files.keys()),
    stateVersionCounts: Uint32Array.from(files.values(), (kept) => kept.length),
    stateBlobs: new Uint32Array(blobs.buffer, blobs.byteOffset, blobs.length / 4),
    stateLengths: Uint32Array.from(versions, (version) => version.lines.owners.length),
    stateOwners: concatenated(versions.map((version) => version.lines.owners), Uint32Array),
    stateHashes: concatenated(versions.map((version) => version.lines.hashes), Int32Array),
    stateTimes: Uint32Array.from(versions, (version) => version.madeAt),
    startFiles: data.startLines?.files ?? new Uint32Array(0),
    startLines: data.startLines?.lines ?? new Uint32Array(0),
  };
  const header: Header = { head: data.head, commitCount: data.commitCount, firstCommit: data.firstCommit ?? 0, basis: stored.basis, blobBytes, lengths: SECTIONS.map((name) => sections[name].length) };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const chunks: Uint8Array[] = [bytesOf(new Uint32Array([MAGIC, CHANGES_FORMAT, json.length, 0])), new Uint8Array(32), json, new Uint8Array((4 - (json.length % 4)) % 4)];
  for (const name of SECTIONS) chunks.push(bytesOf(sections[name]));
  const hash = crypto.createHash('sha256');
  chunks.forEach((chunk, k) => k !== 1 && hash.update(chunk));
  chunks[1] = hash.digest();
  fs.writeFileSync(file, Buffer.concat(chunks));
}

/**
 * The stored pass, or undefined when the file is of another format; throws `DamagedCacheFileError`
 * when it is not byte for byte what was written, other errors when it cannot be read.
 */
export function readChangeDataFile(file: string): StoredChangeData | undefined {
  const bytes = fs.readFileSync(file);
  const damaged = (reason: string) => new DamagedCacheFileError(file, reason);
  if (bytes.length < PREFIX_BYTES) throw damaged(bytes.length === 0 ? 'empty file' : 'cut short');
  if (bytes.readUInt32LE(0) !== MAGIC && bytes.readUInt32BE(0) !== MAGIC) throw damaged('not a changes cache file');
  const prefix = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 16));
  if (prefix[0] !== MAGIC || prefix[1] !== CHANGES_FORMAT) return undefined;
  const headerBytes = prefix[2]!;
  if (PREFIX_BYTES + headerBytes > bytes.length) throw damaged('cut short');
  const digest = crypto.createHash('sha256').update(bytes.subarray(0, 16)).update(bytes.subarray(PREFIX_BYTES)).digest();
  if (!digest.equals(bytes.subarray(16, PREFIX_BYTES))) throw damaged('checksum mismatch');
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + headerBytes)) as Header;
  } catch {
    throw damaged('unreadable header');
  }
  if (!Array.isArray(header.lengths) || header.lengths.length !== SECTIONS.length || !header.lengths.every((n) => Number.isSafeInteger(n) && n >= 0)) throw damaged('unexpected sections');
  let at = PREFIX_BYTES + headerBytes + ((4 - (headerBytes % 4)) % 4);
  if (at + header.lengths.reduce((sum, n) => sum + n * 4, 0) !== bytes.length) throw damaged('sections do not fill the file');
  const arrays = new Map<Section, Uint32Array>();
  SECTIONS.forEach((name, k) => {
    // A copy of its own: aligned, and independent of the file's buffer.
    arrays.set(name, new Uint32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + header.lengths[k]! * 4)));
    at += header.lengths[k]! * 4;
  });
  const section = (name: Section) => arrays.get(name)!;
  const data: ChangeLineData = {
    commitCount: header.commitCount,
    head: header.head,
    added: section('added'),
    deleted: section('deleted'),
    inducing: section('inducing'),
    fixing: section('fixing'),
    blamedLines: section('blamedLines'),
    recentlyFixedLinesTouched: section('recentlyFixedLinesTouched'),
    recentFixesTouched: section('recentFixesTouched'),
    ...(header.firstCommit > 0 ? { firstCommit: header.firstCommit, startLines: { files: section('startFiles'), lines: section('startLines') } } : {}),
  };
  const ids = section('stateIds');
  const versionCounts = section('stateVersionCounts');
  const blobs = Buffer.from(section('stateBlobs').buffer);
  const lengths = section('stateLengths');
  const owners = section('stateOwners');
  const hashes = new Int32Array(section('stateHashes').buffer);
  const madeAt = section('stateTimes');
  const { blobBytes } = header;
  const consistent =
    data.added.length === data.deleted.length &&
    [data.fixing, data.blamedLines].every((array) => array.length === data.inducing.length) &&
    [data.recentlyFixedLinesTouched, data.recentFixesTouched].every((array) => array.length === data.commitCount) &&
    Number.isSafeInteger(header.firstCommit) &&
    header.firstCommit >= 0 &&
    header.firstCommit <= data.commitCount &&
    section('startFiles').length === section('startLines').length &&
    versionCounts.length === ids.length &&
    (blobBytes === 20 || blobBytes === 32) &&
    blobs.length === lengths.length * blobBytes &&
    madeAt.length === lengths.length &&
    versionCounts.reduce((sum, n) => sum + n, 0) === lengths.length &&
    owners.length === hashes.length &&
    lengths.reduce((sum, n) => sum + n, 0) === owners.length;
  if (!consistent) throw damaged('inconsistent sections');
  const files: LineState = new Map();
  let version = 0;
  let offset = 0;
  ids.forEach((id, k) => {
    const kept: FileVersion[] = [];
    for (let n = 0; n < versionCounts[k]!; n++, version++) {
      const lines = { owners: owners.subarray(offset, offset + lengths[version]!), hashes: hashes.subarray(offset, offset + lengths[version]!) };
      kept.push({ blob: blobs.toString('hex', version * blobBytes, (version + 1) * blobBytes), lines, madeAt: madeAt[version]! });
      offset += lengths[version]!;
    }
    files.set(id, kept);
  });
  return { data, files, basis: header.basis };
}

function concatenated<T extends Uint32Array | Int32Array>(arrays: readonly T[], kind: { new (length: number): T }): T {
  const whole = new kind(arrays.reduce((sum, array) => sum + array.length, 0));
  let at = 0;
  for (const array of arrays) {
    whole.set(array, at);
    at += array.length;
  }
  return whole;
}

function bytesOf(array: Uint8Array | Uint32Array | Int32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
