/**
 * A local HTTP server standing in for a fund publisher's download URL: tests set what it answers
 * (status, content type, body) and read how many requests it got. It can also be slowed down.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface HoldingsServer {
  url: string;
  requests: number;
  /** Request paths with their query strings, and Authorization headers, as received. */
  received: { url: string; authorization?: string }[];
  answer(status: number, body: string, contentType?: string): void;
  close(): Promise<void>;
}

export async function startHoldingsServer(
  body: string,
  options: { contentType?: string; latencyMs?: number } = {},
): Promise<HoldingsServer> {
  let current = { status: 200, body, contentType: options.contentType ?? "text/csv; charset=utf-8" };
  const state = { requests: 0 };
  const received: HoldingsServer["received"] = [];
  const server = createServer((req, res) => {
    state.requests++;
    received.push({
      url: req.url ?? "",
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    const reply = () => {
      res.writeHead(current.status, { "content-type": current.contentType });
      res.end(current.body);
    };
    if (options.latencyMs) setTimeout(reply, options.latencyMs);
    else reply();
    req.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/us/products/0/fund/1467271812596.ajax?fileType=csv&fileName=IWM_holdings&dataType=fund`,
    get requests() {
      return state.requests;
    },
    set requests(n: number) {
      state.requests = n;
    },
    received,
    answer(status, text, contentType = "text/html; charset=utf-8") {
      current = { status, body: text, contentType };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An iShares-layout holdings file of synthetic members (for benchmarks and large tests). */
export function isharesFile(
  asOf: string,
  members: { ticker: string; name: string; sector: string; exchange: string }[],
): string {
  const [y, m, d] = asOf.split("-");
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
    Number(m) - 1
  ];
  const lines = [
    "\uFEFFSynthetic Test Fund",
    `Fund Holdings as of,"${month} ${d}, ${y}"`,
    "\u00a0",
    "Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,Price,Location,Exchange,Currency,FX Rate,Market Currency,Accrual Date",
    ...members.map((x) =>
      [
        x.ticker,
        x.name,
        x.sector,
        "Equity",
        "1,000.00",
        "0.05",
        "1,000.00",
        "10.00",
        "100.00",
        "United States",
        x.exchange,
        "USD",
        "1.00",
        "USD",
        "-",
      ]
        .map((c) => `"${c}"`)
        .join(","),
    ),
    '"USD","USD CASH","Cash and/or Derivatives","Cash","1,000.00","0.01","1,000.00","1,000.00","100.00","United States","-","USD","1.00","USD","-"',
    "\u00a0",
    '"Synthetic test data; not investment advice."',
  ];
  return lines.join("\n");
}

export const INVESCO_HEADER =
  "Fund Ticker,Security Identifier,Holding Ticker,Shares/Par Value,MarketValue,Weight,Name,Class of Shares,Sector,Date";

/** An Invesco-layout holdings download of synthetic members (tickers padded as the publisher pads them). */
export function invescoFile(
  date: string,
  members: { ticker: string; name: string; sector: string; weight: string }[],
  fund = "QQQ",
): string {
  const rows = members.map((x, i) =>
    [
      fund,
      `0000${String(i).padStart(5, "0")}`,
      x.ticker.padEnd(8, " "),
      `"1,${String(100 + i).padStart(3, "0")},000"`,
      `"12,345,${String(100 + i).padStart(3, "0")}.00"`,
      x.weight,
      `"${x.name}"`,
      "Common Stock",
      x.sector,
      date,
    ].join(","),
  );
  return `${[INVESCO_HEADER, ...rows].join("\r\n")}\r\n`;
}
