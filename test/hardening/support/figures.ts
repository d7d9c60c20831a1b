import type { TestContext } from 'vitest';

/** One campaign's numbers on one target, printed by `summary-reporter.ts` at the end of the run. */
export interface CampaignFigures {
  campaign: string;
  target: string;
  figures: Record<string, number | string>;
}

declare module 'vitest' {
  interface TaskMeta {
    /** Set by hardening campaigns; task meta is how a forked test file hands data to a reporter. */
    hardening?: CampaignFigures;
  }
}

/** Attach `figures` to the running test so the summary reporter can print them. */
export function recordFigures(
  context: TestContext,
  campaign: string,
  target: string,
  figures: CampaignFigures['figures'],
): void {
  context.task.meta.hardening = { campaign, target, figures };
}
