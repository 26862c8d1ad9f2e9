// npm run doctor — Shopify's own security review of the app (`shopify app doctor`, @shopify/cli), offline, with the
// false positives in scripts/app-doctor-suppressions.json suppressed through the tool's own mechanism. Exits 1 on
// any finding left, 2 when the doctor itself fails (a suppression that matches no finding any more is such a
// failure: the tool refuses it). test/app-config/app-doctor.test.ts runs it in `npm test`. docs/app-review.md says
// what the doctor checks here and why each suppression is one.
//
//   node scripts/app-doctor.mjs [--path <app root>] [--json]
//
// Offline by construction: the doctor's CVE check runs `npm audit` against registry.npmjs.org, whatever the
// project's npm config says. The CLI runs with a PATH that holds only git (which the committed-secret check needs),
// so that audit cannot start and the check is reported as unresolved, never as passed.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(ROOT, "node_modules/@shopify/cli/bin/run.js");
export const SUPPRESSIONS_FILE = "scripts/app-doctor-suppressions.json";

/** Where git lives on this machine's PATH. */
function findGit() {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, "git"))) return path.join(dir, "git");
  }
  throw new Error("app doctor: git is not on PATH (the committed-secret check asks git what is tracked)");
}

/**
 * One run of `shopify app doctor --json`, its parsed output.
 * @param {string} appRoot
 * @param {string} binDir a PATH holding git and no package manager
 * @param {string} [findingsFile]
 */
function runDoctor(appRoot, binDir, findingsFile) {
  const args = [CLI, "app", "doctor", "--json", "--path", appRoot, ...(findingsFile ? ["--findings", findingsFile] : [])];
  const env = { PATH: binDir, HOME: process.env.HOME ?? tmpdir(), TMPDIR: tmpdir(), CI: "1", SHOPIFY_CLI_NO_ANALYTICS: "1", NO_COLOR: "1" };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      // With --json the doctor exits 0 on findings (its --blocking defaults to none); anything else is a failure.
      if (error) return reject(new Error(`shopify app doctor failed (${error.code ?? error.signal}):\n${stderr || stdout}`));
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`shopify app doctor printed no JSON:\n${stdout.slice(0, 2000)}\n${stderr}`));
      }
    });
  });
}

/**
 * Runs the doctor on appRoot and applies <appRoot>/scripts/app-doctor-suppressions.json when it exists.
 * @param {string} appRoot
 */
export async function appDoctor(appRoot = ROOT) {
  const work = mkdtempSync(path.join(tmpdir(), "tally-app-doctor-"));
  try {
    return await scan(appRoot, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function scan(appRoot, work) {
  // A PATH with git in it and nothing else: the system's bin folder that holds git also holds npm.
  const pathDir = mkdtempSync(path.join(work, "path-"));
  symlinkSync(findGit(), path.join(pathDir, "git"));
  const suppressionsPath = path.join(appRoot, SUPPRESSIONS_FILE);
  const suppressions = existsSync(suppressionsPath) ? JSON.parse(readFileSync(suppressionsPath, "utf8")).suppressions : [];

  let output = await runDoctor(appRoot, pathDir);
  if (suppressions.length > 0) {
    // The tool applies suppressions when it compiles a findings file against the scan it names; the scan id is a
    // hash of the scanned files, so the file is written for this run. One retry covers a file changed in between.
    for (let attempt = 0; ; attempt++) {
      const findingsFile = path.join(work, "findings.json");
      writeFileSync(findingsFile, JSON.stringify({ schema_version: 1, source_scan_id: output.scan.scan.input_hash, findings: [], suppressions }));
      const compiled = await runDoctor(appRoot, pathDir, findingsFile);
      const rejected = compiled.findings?.rejected ?? [];
      if (rejected.length === 0) {
        output = compiled;
        break;
      }
      if (attempt > 0) throw new Error(`shopify app doctor rejected the suppressions:\n${rejected.join("\n")}`);
      output = await runDoctor(appRoot, pathDir);
    }
  }
  return summarize(output);
}

/** What a reader (and the test) needs from the doctor's output. */
function summarize(output) {
  const trace = output.trace;
  return {
    engine: trace.engine,
    findings: trace.findings.filter((finding) => !finding.suppressed),
    suppressed: trace.findings.filter((finding) => finding.suppressed).map((finding) => ({ rule: finding.rule_id, file: finding.location.file, suppression: finding.suppression.id })),
    checks: output.scan.scan.checks_executed.map((check) => ({ id: check.id, status: check.status, findings: check.findings, reason: check.reason?.message })),
    capabilities: output.scan.capabilities,
    filesScanned: output.scan.scan.files_scanned,
  };
}

function where(finding) {
  const { file, line } = finding.location;
  return line ? `${file}:${line}` : file;
}

async function main(argv) {
  const pathAt = argv.indexOf("--path");
  const appRoot = pathAt >= 0 ? path.resolve(argv[pathAt + 1]) : ROOT;
  let summary;
  try {
    summary = await appDoctor(appRoot);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 2;
  }
  if (argv.includes("--json")) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    console.log(`app doctor ${summary.engine.version}: ${summary.filesScanned} files`);
    for (const check of summary.checks) console.log(`  ${check.status.padEnd(21)} ${check.id}${check.findings ? ` (${check.findings} found)` : ""}`);
    for (const item of summary.suppressed) console.log(`suppressed: ${item.rule} in ${item.file} (${item.suppression}, ${SUPPRESSIONS_FILE})`);
    for (const finding of summary.findings) console.log(`FINDING ${finding.severity} ${finding.rule_id}: ${where(finding)}: ${finding.message}${finding.snippet ? `\n    ${finding.snippet}` : ""}`);
  }
  return summary.findings.length > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
