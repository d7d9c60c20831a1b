/** What one provider's checks found. */
export interface Report {
  title: string;
  /** What must be fixed before deploying: the check fails. */
  problems: string[];
  /** What was checked and holds. */
  passed: string[];
  /** What cannot be checked offline, with what to do about it. */
  notes: string[];
}

export function newReport(title: string): Report {
  return { title, problems: [], passed: [], notes: [] };
}

export function renderReports(env: string, reports: Report[]): string {
  const lines = [`npm run deploy:check -- --env ${env}`, ''];
  for (const report of reports) {
    lines.push(report.title);
    for (const problem of report.problems) lines.push(`  ✗ ${problem}`);
    for (const passed of report.passed) lines.push(`  ✓ ${passed}`);
    for (const note of report.notes) lines.push(`  • ${note}`);
    lines.push('');
  }
  const count = reports.reduce((sum, report) => sum + report.problems.length, 0);
  lines.push(
    count === 0
      ? `Ready to deploy ${env}: no problem found (the • lines are yours to confirm).`
      : `${count} problem${count === 1 ? '' : 's'} (✗) to fix before deploying ${env}.`,
  );
  return lines.join('\n');
}
