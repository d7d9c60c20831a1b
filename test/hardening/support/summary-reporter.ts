import type { Reporter, TestModule } from 'vitest/node';
import type { CampaignFigures } from './figures.js';

/**
 * Prints the hardening campaigns' figures (cases tried, counts, rates) after vitest's own summary,
 * one line per campaign and target, in a fixed order. Registered in `vitest.config.ts`.
 */
export default class HardeningSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows: CampaignFigures[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const figures = test.meta().hardening;
        if (figures) rows.push(figures);
      }
    }
    if (rows.length === 0) return;
    rows.sort((a, b) => a.campaign.localeCompare(b.campaign) || a.target.localeCompare(b.target));
    const lines = rows.map(({ campaign, target, figures }) => {
      const values = Object.entries(figures)
        .map(([name, value]) => `${name}=${value}`)
        .join(' ');
      return `  ${campaign.padEnd(14)} ${target.padEnd(34)} ${values}`;
    });
    process.stdout.write(`\n Hardening figures\n${lines.join('\n')}\n\n`);
  }
}
