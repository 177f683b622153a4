import { describe, expect, it } from "vitest";
import { counted } from "../../src/core/format.ts";

describe("counted", () => {
  it("GIVEN one THEN the singular; otherwise the plural, with thousands separators", () => {
    expect(counted(1, "session")).toBe("1 session");
    expect(counted(0, "session")).toBe("0 sessions");
    expect(counted(1949, "member")).toBe("1,949 members");
    expect(counted(2, "series", "series")).toBe("2 series");
  });
});
