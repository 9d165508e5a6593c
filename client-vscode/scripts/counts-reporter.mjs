// node:test reporter that writes one JSON line with the group's totals: leaf tests only (suites
// are not counted), skipped and todo tests neither passed nor failed. run-tests.mjs reads it.
export default async function* countsReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { details, skip, todo } = event.data;
    if (details?.type === 'suite') {
      // A suite fails by itself only when a hook fails; its tests may never have run.
      if (event.type === 'test:fail' && details.error?.failureType === 'hookFailed') failed++;
      continue;
    }
    if (skip || todo) skipped++;
    else if (event.type === 'test:pass') passed++;
    else failed++;
  }
  yield `${JSON.stringify({ passed, failed, skipped })}\n`;
}
