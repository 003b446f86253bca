/** Markdown and HTML escaping for repository text: the engine's one escaper (core/markdownText), and `command:` links. */
export { escapeHtml, escapeMarkdown, markdownCode } from '../core/markdownText';

/** `command:` link target with JSON arguments, as VS Code expects them. */
export function commandLink(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
