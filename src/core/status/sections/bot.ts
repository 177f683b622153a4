/** The bot itself: version, uptime, where its data and charts come from. */
import { formatAge } from "../../market/as-of.ts";
import type { StatusProvider } from "../sections.ts";

export const botSection: StatusProvider = {
  id: "bot",
  title: "Bot",
  collect({ status, now }) {
    const upMs = Math.max(0, now - status.startedAt);
    return {
      title: "Bot",
      fields: [
        { label: "Version", value: `rotation-bot ${status.version}` },
        { label: "Up", value: formatAge(upMs) },
        { label: "Market data", value: status.marketData },
        { label: "Charts", value: status.charts },
      ],
      data: {
        version: status.version,
        startedAt: status.startedAt,
        uptimeMs: upMs,
        marketData: status.marketData,
        charts: status.charts,
      },
    };
  },
};
