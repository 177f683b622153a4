/** The store and the market-data cache, and whether the store answers a read right now. */
import { DeadlineError, beforeDeadline } from "../describe.ts";
import type { StatusProvider } from "../sections.ts";

export const storageSection: StatusProvider = {
  id: "storage",
  title: "Storage",
  async collect({ status, signal, deadlineMs }) {
    let answers: boolean;
    let why: string | undefined;
    try {
      await beforeDeadline(status.pingStore(signal), signal);
      answers = true;
    } catch (err) {
      answers = false;
      why =
        err instanceof DeadlineError ? `did not answer within ${deadlineMs} ms` : "answered with an error";
    }
    return {
      title: "Storage",
      fields: [
        {
          label: "Store",
          value: `${status.store}: ${answers ? "answers" : `NOT ANSWERING (${why})`}`,
          tone: answers ? "positive" : "negative",
        },
        { label: "Cache", value: status.cache ?? "none: the data is local" },
      ],
      data: { store: status.store, storeAnswers: answers, cache: status.cache ?? null },
    };
  },
};
