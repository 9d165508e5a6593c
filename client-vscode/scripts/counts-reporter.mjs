// node:test reporter that writes one JSON line with the group's totals: leaf tests only (suites
// are not counted), skipped and todo tests (whatever their outcome) neither passed nor failed. run-tests.mjs reads it.
export default async function* countsReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let todo = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { details } = event.data;
    // Suites are not counted: when a suite's hook fails, node fails each of its tests, and a
    // failure outside any test makes the run exit non-zero, which run-tests.mjs counts.
    if (details?.type === 'suite') continue;
    if (event.data.todo) todo++;
    else if (event.data.skip) skipped++;
    else if (event.type === 'test:pass') passed++;
    else failed++;
  }
  yield `${JSON.stringify({ passed, failed, skipped, todo })}\n`;
}
