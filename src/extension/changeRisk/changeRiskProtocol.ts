/** Messages between the extension host and the change risk's worker thread. No vscode here: the worker cannot load it. */
import type { Change } from '../../core/change/change';
import type { ChangeRiskAssessment } from '../../core/changes/changeRisk';
import type { LineWarning } from '../../core/impact/overview';

export type ChangeRiskWorkerRequest =
  | {
      type: 'assess';
      id: number;
      folder: string;
      cacheDir: string;
      /**
       * Names the extension host's engine (its HEAD and team files): the worker opens its own engine
       * from the index cache once per key and keeps it, with the model fitted on it, for the next run.
       */
      engineKey: string;
      change: Change;
      lineWarnings: readonly LineWarning[];
    }
  | { type: 'cancel'; id: number };

export type ChangeRiskWorkerMessage =
  | { type: 'assessed'; id: number; assessment: ChangeRiskAssessment }
  | { type: 'failed'; id: number; name: string; message: string };
