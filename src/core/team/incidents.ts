/** `.changerisk/incidents/*.md`: one postmortem per file, YAML front matter then Markdown. */
import { isScalar, isSeq } from 'yaml';
import { compareDiagnostics, type Diagnostic } from '../diagnostics';
import { diagnosticAt, fileDiagnostic, keyLine, parseYaml, rangeAt, type YamlSource } from './positions';
import { CONFIG_FILE, incidentFrontMatterSchema, type Incident, type IncidentFrontMatter } from './schema';
import { closestName } from './suggest';
import { validateYaml } from './validate';

/**
 * The form in which incident ids are compared: id patterns match case-insensitively, so a commit
 * naming "inc-12" refers to the ledger's INC-12.
 */
export function incidentIdKey(id: string): string {
  return id.toUpperCase();
}

export interface ParseIncidentOptions {
  /** Area names declared in the config; when given, an incident naming another area gets a warning. */
  declaredAreas?: readonly string[];
}

interface FrontMatter {
  yaml: string;
  /** Lines of the file before the YAML (the opening `---`). */
  yamlLineOffset: number;
  body: string;
  bodyLine: number;
}

const NO_FRONT_MATTER = 'no front matter: an incident file starts with a "---" line, then YAML fields (id, title, date, kind, ...), then a "---" line';

/** Parses one incident file (saved or not). Never throws; an invalid incident comes back as diagnostics only. */
export function parseIncident(text: string, file: string, options: ParseIncidentOptions = {}): { incident?: Incident; diagnostics: Diagnostic[] } {
  if (text.trim() === '') return { diagnostics: [fileDiagnostic(file, 'error', 'the file is empty; expected an incident front matter')] };
  const frontMatter = splitFrontMatter(text.replace(/^\uFEFF/, ''));
  if (typeof frontMatter === 'string') return { diagnostics: [fileDiagnostic(file, 'error', frontMatter)] };
  const parsed = parseYaml(frontMatter.yaml, file, frontMatter.yamlLineOffset);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: parsed.diagnostics };
  keepShasAsWritten(parsed.source);
  const validated = validateYaml(incidentFrontMatterSchema, parsed.source);
  const diagnostics = [...parsed.diagnostics, ...validated.diagnostics];
  if (!validated.value || diagnostics.some((d) => d.severity === 'error')) return { diagnostics: diagnostics.sort(compareDiagnostics) };
  const incident = toIncident(validated.value, parsed.source, frontMatter);
  if (options.declaredAreas) diagnostics.push(...undeclaredAreas(incident, parsed.source, options.declaredAreas));
  return { incident, diagnostics: diagnostics.sort(compareDiagnostics) };
}

function toIncident(frontMatter: IncidentFrontMatter, source: YamlSource, parts: FrontMatter): Incident {
  return {
    ...frontMatter,
    file: source.file,
    line: keyLine(source, ['id']),
    body: parts.body,
    bodyLine: parts.bodyLine,
    summary: summarise(parts.body),
  };
}

/** The YAML between the opening `---` line and the closing `---` (or `...`) line, and the body after it; or why not. */
function splitFrontMatter(text: string): FrontMatter | string {
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) return NO_FRONT_MATTER;
  const rest = text.slice(open[0].length);
  // Lines end at "\n" only, as in YAML: a multiline regex would also end one at U+2028 or U+2029 inside a title.
  const close = /(?<=^|\n)(?:---|\.\.\.)[ \t]*\r?(?=\n|$)/.exec(rest);
  if (!close) return 'the front matter is not closed: add a "---" line after the YAML fields';
  const bodyStart = open[0].length + close.index + close[0].length;
  const body = text.slice(bodyStart).replace(/^\n/, '');
  return {
    yaml: rest.slice(0, close.index),
    yamlLineOffset: 1,
    body,
    bodyLine: countLines(text.slice(0, text.length - body.length)) + 1,
  };
}

function countLines(text: string): number {
  return text.split('\n').length - 1;
}

/**
 * An abbreviated sha such as 1234567 or 3e45678 reads as a number in YAML (the latter as Infinity); the digits as
 * written are what the user meant.
 */
function keepShasAsWritten(source: YamlSource): void {
  for (const kind of ['fix', 'introduced']) {
    const list = source.doc.getIn(['commits', kind], true);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (isScalar(item) && typeof item.value === 'number' && item.source) item.value = item.source;
    }
  }
}

function undeclaredAreas(incident: Incident, source: YamlSource, declared: readonly string[]): Diagnostic[] {
  return incident.areas.flatMap((name, index) => {
    if (declared.includes(name)) return [];
    const suggestion = closestName(name, declared);
    const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
    const message = `area "${name}" is not declared in ${CONFIG_FILE}${hint}`;
    return [diagnosticAt(source, rangeAt(source, ['areas', index]), 'warning', `areas[${index}]`, message)];
  });
}

/** First paragraph of the body that is not a heading, joined onto one line. */
export function summarise(body: string): string {
  for (const paragraph of body.split(/\r?\n[ \t]*\r?\n/)) {
    const text = proseLines(paragraph.split(/\r?\n/)).join(' ').replace(/\s+/g, ' ').trim();
    if (text) return text;
  }
  return '';
}

/** Drops ATX headings (`# Title`), setext headings (`Title` over `===`), rules and HTML comments. */
function proseLines(lines: string[]): string[] {
  const isUnderline = (line: string | undefined) => line !== undefined && /^\s*(=+|-{2,}|\*{3,}|_{3,})\s*$/.test(line);
  return lines.filter((line, i) => !/^\s{0,3}#{1,6}(\s|$)/.test(line) && !/^\s*<!--/.test(line) && !isUnderline(line) && !isUnderline(lines[i + 1]));
}
