/** Why an alert run could not be completed, in our words (for /status; the log has the details). */
import { BadDataError, DataUnavailableError, UserError, userTextOf } from "../errors.ts";

export function failureSentence(err: unknown): string {
  if (err instanceof DataUnavailableError || err instanceof BadDataError) return userTextOf(err, false);
  if (err instanceof UserError) return err.message;
  return "an unexpected error (see the log)";
}
