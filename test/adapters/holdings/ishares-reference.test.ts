/**
 * Contract test against the real iShares IWM holdings file, when the shared reference folder sits
 * next to the repository (it does not in a fresh clone, and then this test is skipped).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { looksLikeHoldingsCsv, parseHoldings } from "../../../src/adapters/holdings/holdings-csv.ts";
import { SYMBOL_PATTERN } from "../../../src/core/market/instruments.ts";

const repoRoot = join(import.meta.dirname, "../../..");
const file = join(repoRoot, "../shared/reference/ishares/IWM_holdings-2026-05-05.csv");

describe.skipIf(!existsSync(file))("the published IWM holdings file (2026-05-05)", () => {
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";

  it("is recognised as a holdings CSV", () => {
    expect(looksLikeHoldingsCsv(text)).toBe(true);
  });

  it("loads 1,920 equity members", () => {
    const holdings = parseHoldings(text, "IWM_holdings-2026-05-05.csv");
    expect(holdings.fund).toBe("iShares Russell 2000 ETF");
    expect(holdings.asOf).toBe("2026-05-05");
    // 1,929 rows: 5 cash/futures/money market, 3 "-" tickers, and one ticker listed twice.
    expect(holdings.skipped).toEqual({ nonEquity: 5, noTicker: 3, duplicates: 1 });
    expect(holdings.members).toHaveLength(1920);
    expect(holdings.members.every((m) => SYMBOL_PATTERN.test(m.symbol) && m.assetClass === "Equity")).toBe(
      true,
    );
    const bySymbol = new Map(holdings.members.map((m) => [m.ticker, m]));
    expect(bySymbol.get("MOGA")?.symbol).toBe("MOG-A");
    expect(bySymbol.get("RUSHA")?.symbol).toBe("RUSHA");
    expect(bySymbol.get("ZETA")?.symbol).toBe("ZETA");
    const total = holdings.members.reduce((s, m) => s + (m.weight ?? 0), 0);
    expect(total).toBeGreaterThan(98);
    expect(total).toBeLessThan(101);
  });
});
