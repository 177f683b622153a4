/** The words of /alert: an action, then what it needs. Pure; anything else is a UserError. */
import { parseSpec, type AlertSpec, ALERT_KINDS } from "../../core/alerts/spec.ts";
import { UserError } from "../../core/errors.ts";
import { quoteUserText, words } from "../../core/text.ts";

export type AlertArgs =
  | { action: "add" | "test"; spec: AlertSpec }
  | { action: "list" }
  | { action: "remove"; id: number }
  | { action: "resume" };

export const ALERT_ACTIONS = ["add", "list", "remove", "test", "resume"] as const;

const FORMS = ALERT_KINDS.map((k) => `/alert add ${k.form}`).join("; ");

export function parseAlert(text: string): AlertArgs {
  const [first, ...rest] = words(text);
  const action = first?.toLowerCase();
  switch (action) {
    case "add":
    case "test":
      return { action, spec: parseSpec(rest, action) };
    case "list":
    case "resume":
      if (rest.length > 0)
        throw new UserError("alert-args", `/alert ${action} takes nothing after it.`, `/alert ${action}`);
      return { action };
    case "remove":
    case "delete": {
      const word = rest[0]?.replace(/^#/, "");
      const id = word !== undefined && /^\d{1,6}$/.test(word) ? Number(word) : Number.NaN;
      if (rest.length !== 1 || !(id >= 1))
        throw new UserError(
          "alert-remove",
          "Say which alert to remove by its number, as /alert list shows it.",
          "/alert remove 3",
        );
      return { action: "remove", id };
    }
    default: {
      const shown = first === undefined ? undefined : quoteUserText(first, 16);
      throw new UserError(
        "alert-action",
        `${shown ? `"${shown}" is not something /alert does` : "Say what to do"}: add, list, remove, test or resume. Alerts: ${FORMS}.`,
        "/alert add record RUT",
      );
    }
  }
}
