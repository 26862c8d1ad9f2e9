// Prints the run's totals as one line, "N passed, N failed", the line CI reads. Failed static checks (lint,
// typecheck, drift, build) count as failures. Exits 1 when anything failed or no test ran.
import { existsSync, readFileSync } from "node:fs";

const [file, checksFailedArg = "0"] = process.argv.slice(2);
const checksFailed = Number(checksFailedArg);
let passed = 0;
let failed = checksFailed;
let skipped = 0;
if (file && existsSync(file)) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed = report.numPassedTests;
  failed += report.numFailedTests;
  skipped = report.numPendingTests + report.numTodoTests;
  // A file that fails to load has no failed tests but did fail.
  failed += report.testResults.filter((result) => result.status === "failed" && result.assertionResults.length === 0).length;
} else {
  failed += 1;
  console.log("no test report was written: the test run itself failed");
}
console.log(skipped > 0 ? `${passed} passed, ${failed} failed, ${skipped} skipped` : `${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
