// Shopify's own review of the app, `shopify app doctor` (@shopify/cli), finds nothing in Tally: scripts/app-doctor.mjs
// runs it offline, applies the suppressions scripts/app-doctor-suppressions.json documents, and exits 1 on any
// finding left, so `npm test` fails on one. docs/app-review.md lists what the doctor checks and what it cannot.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/test-database";

const DOCTOR = path.join(ROOT, "scripts/app-doctor.mjs");

interface DoctorRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function doctor(...args: string[]): Promise<DoctorRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [DOCTOR, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface Summary {
  findings: Array<{ rule_id: string; severity: string; location: { file: string; line?: number }; snippet?: string }>;
  suppressed: Array<{ rule: string; file: string; suppression: string }>;
  checks: Array<{ id: string; status: string; findings: number; reason?: string }>;
}

describe("shopify app doctor on Tally", () => {
  let run: DoctorRun;
  let summary: Summary;
  beforeAll(async () => {
    run = await doctor("--json");
    summary = JSON.parse(run.stdout) as Summary;
  }, 120_000);

  it("finds nothing, beside the one documented false positive it suppresses", () => {
    expect(summary.findings).toEqual([]);
    expect(summary.suppressed).toEqual([{ rule: "COMMITTED_SECRET", file: ".env.example", suppression: "env-example-holds-no-secret" }]);
    expect(run.code).toBe(0);
  });

  it("ran the checks that apply to a Remix app with a theme app extension", () => {
    const status = Object.fromEntries(summary.checks.map((check) => [check.id, check.status]));
    for (const id of ["MISSING_COMPLIANCE_WEBHOOKS", "INSECURE_WEBHOOK_URL", "COMMITTED_SECRET", "LIQUID_UNSAFE_RENDER"]) expect(status[id], id).toBe("executed");
  });

  it("stays offline: the dependency audit, which would ask registry.npmjs.org, cannot start", () => {
    expect(summary.checks.find((check) => check.id === "KNOWN_CVE_IN_DEPENDENCY")).toMatchObject({ status: "unresolved", reason: "Dependency audit could not run: spawn npm ENOENT" });
  });
});

describe("shopify app doctor on a copy of the widget", () => {
  // The app's config and its theme app extension, with one theme setting printed unescaped again and a
  // suppression that matches nothing: the first must fail the run, the second must not be silently ignored.
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "tally-app-doctor-fixture-"));
    for (const file of ["shopify.app.toml", "package.json"]) cpSync(path.join(ROOT, file), path.join(dir, file));
    cpSync(path.join(ROOT, "extensions/tally-widget"), path.join(dir, "extensions/tally-widget"), { recursive: true });
    const block = path.join(dir, "extensions/tally-widget/blocks/tally-widget.liquid");
    writeFileSync(block, readFileSync(block, "utf8").replace("{{ block.settings.accent_color | escape }}", "{{ block.settings.accent_color }}"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fails on an unescaped theme setting, naming its line", async () => {
    const fixture = await doctor("--path", dir, "--json");
    expect(fixture.code).toBe(1);
    const { findings } = JSON.parse(fixture.stdout) as Summary;
    expect(findings.map((finding) => ({ rule: finding.rule_id, file: finding.location.file, snippet: finding.snippet }))).toEqual([
      { rule: "LIQUID_UNSAFE_RENDER", file: "extensions/tally-widget/blocks/tally-widget.liquid", snippet: '{{ block.settings.accent_color }}"' },
    ]);
  }, 120_000);

  it("fails when a suppression matches no finding", async () => {
    cpSync(path.join(ROOT, "scripts/app-doctor-suppressions.json"), path.join(dir, "scripts/app-doctor-suppressions.json"));
    const fixture = await doctor("--path", dir);
    expect(fixture.code).toBe(2);
    expect(fixture.stderr).toContain("Suppressions did not match current findings: env-example-holds-no-secret");
  }, 120_000);
});
