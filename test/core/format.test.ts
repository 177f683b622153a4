// Figures are written the way a reader writes them by hand, ties and binary noise included.
import { describe, expect, it } from "vitest";
import { bp, pct, roundHalfAway, spreadBp } from "../../src/core/format.ts";

describe("pct and bp", () => {
  it("GIVEN a fraction THEN a signed percent with two decimals", () => {
    expect(pct(0.0512)).toBe("+5.12%");
    expect(pct(-0.0512)).toBe("-5.12%");
    expect(pct(2600 / 2580 - 1)).toBe("+0.78%");
    expect(pct(0.00004)).toBe("0.00%");
    expect(pct(-0.00004)).toBe("0.00%");
    expect(bp(312)).toBe("+312 bp");
    expect(bp(-1234)).toBe("-1,234 bp");
    expect(bp(0)).toBe("0 bp");
  });

  it("GIVEN a return ending in an exact half THEN it rounds away from zero, as by hand", () => {
    // 1.005% is 0.010049999... in floating point; by hand it is +1.01%.
    expect(pct(0.01005)).toBe("+1.01%");
    expect(pct(-0.01005)).toBe("-1.01%");
    expect(roundHalfAway(-2.5)).toBe(-3);
    expect(roundHalfAway(2.5)).toBe(3);
    expect(Object.is(roundHalfAway(-0.2), 0)).toBe(true);
  });
});

describe("spreadBp", () => {
  it("GIVEN returns whose spread is an exact half bp THEN rounds away from zero, whichever side", () => {
    // RUT 2600/2500 - 1 = 4.00%; SPX 6073.5/6000 - 1 = 1.225%: 277.5 bp by hand, 277.4999... in floats.
    const rut = 2600 / 2500 - 1;
    const spx = 6073.5 / 6000 - 1;
    expect(spreadBp(rut, spx)).toBe(278);
    expect(spreadBp(spx, rut)).toBe(-278);
  });

  it("GIVEN equal returns or a fraction of a bp THEN 0, never -0", () => {
    expect(Object.is(spreadBp(0.01, 0.01), 0)).toBe(true);
    expect(Object.is(spreadBp(0.0049, 0.004902), 0)).toBe(true);
    expect(spreadBp(0.04, 0.015)).toBe(250);
  });
});
