import * as vscode from 'vscode';
import type { Lang } from '../../core/impact/messages';
import { langOf } from './langOf';

/** The language of VS Code's display, as the impact texts support it. */
export function editorLang(): Lang {
  return langOf(vscode.env.language);
}
