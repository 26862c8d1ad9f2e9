import { describe, expect, it } from "vitest";
import { addressAllowed, checkEndpointUrl, STRICT_POLICY } from "./target-policy";

const LOOPBACK_OK = { allowLoopback: true };

describe("webhook target policy", () => {
  it.each([
    ["https://hooks.example.com/tally", "https://hooks.example.com/tally"],
    ["https://hooks.example.com:8443/in?x=1#frag", "https://hooks.example.com:8443/in?x=1"],
  ])("accepts the public HTTPS URL %s", (raw, url) => {
    expect(checkEndpointUrl(raw, STRICT_POLICY)).toEqual({ ok: true, url });
  });

  it.each([
    ["http://hooks.example.com/tally", "not_https"],
    ["ftp://hooks.example.com", "invalid_url"],
    ["not a url", "invalid_url"],
    ["https://user:pw@hooks.example.com", "credentials"],
    ["https://127.0.0.1/x", "private_target"],
    ["https://localhost/x", "private_target"],
    ["https://10.1.2.3/x", "private_target"],
    ["https://169.254.169.254/latest/meta-data", "private_target"],
    ["https://[::1]/x", "private_target"],
    ["https://[fd00::1]/x", "private_target"],
    ["https://[::ffff:192.168.0.1]/x", "private_target"],
    ["http://127.0.0.1:4000/x", "not_https"],
  ])("refuses %s (%s) in production", (raw, problem) => {
    expect(checkEndpointUrl(raw, STRICT_POLICY)).toEqual({ ok: false, problem });
  });

  it("allows http to loopback only when the flag allows loopback", () => {
    expect(checkEndpointUrl("http://127.0.0.1:4000/x", LOOPBACK_OK)).toEqual({ ok: true, url: "http://127.0.0.1:4000/x" });
    expect(checkEndpointUrl("http://hooks.example.com/x", LOOPBACK_OK)).toEqual({ ok: false, problem: "not_https" });
    expect(checkEndpointUrl("https://10.0.0.1/x", LOOPBACK_OK)).toEqual({ ok: false, problem: "private_target" });
  });

  it("judges resolved addresses", () => {
    expect(addressAllowed("93.184.216.34", STRICT_POLICY)).toBe(true);
    expect(addressAllowed("2606:2800:220:1:248:1893:25c8:1946", STRICT_POLICY)).toBe(true);
    for (const address of ["127.0.0.1", "10.0.0.5", "172.20.1.1", "192.168.1.1", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "::ffff:127.0.0.1"]) {
      expect(addressAllowed(address, STRICT_POLICY)).toBe(false);
    }
    expect(addressAllowed("127.0.0.1", LOOPBACK_OK)).toBe(true);
    expect(addressAllowed("10.0.0.5", LOOPBACK_OK)).toBe(false);
  });
});
