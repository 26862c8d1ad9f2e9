import { describe, expect, it } from "vitest";
import { openSmtpPassword, sealSmtpPassword } from "./smtp-password";

describe("the sealed SMTP password", () => {
  it("opens with the app's secret only, and never shows the password", () => {
    const sealed = sealSmtpPassword("app-secret", "hunter2-and-more");
    expect(sealed).not.toContain("hunter2");
    expect(sealSmtpPassword("app-secret", "hunter2-and-more")).not.toBe(sealed);
    expect(openSmtpPassword("app-secret", sealed)).toBe("hunter2-and-more");
    expect(openSmtpPassword("another-secret", sealed)).toBeNull();
    expect(openSmtpPassword("app-secret", sealed.slice(0, -2))).toBeNull();
    expect(openSmtpPassword("app-secret", "plain")).toBeNull();
  });
});
