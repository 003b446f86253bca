/**
 * Reports (a file's explanation, the accuracy check) are shown as a rendered Markdown preview of a
 * read-only virtual document: never an Untitled document that asks to be saved, never raw escaped text.
 */
import * as vscode from 'vscode';
import { log } from '../log';

/**
 * Opens the rendered preview of `uri` beside the editor, or its text when no Markdown preview exists.
 *
 * Executed, not looked up: the built-in Markdown extension registers `markdown.showPreviewToSide` only
 * once it is activated, which executing the command does (activation event `onCommand`). Looking it up
 * in `getCommands()` first, as before, found nothing the first time in a window and fell back to text.
 */
export async function showMarkdownPreview(uri: vscode.Uri): Promise<'preview' | 'text'> {
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    return 'preview';
  } catch (error) {
    log()?.info(`no Markdown preview (${error instanceof Error ? error.message : String(error)}); showing the text`);
    await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return 'text';
  }
}
