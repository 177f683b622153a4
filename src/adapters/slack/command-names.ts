/**
 * Slack keeps some slash command names for itself (/status sets a user's status, /remind makes a
 * reminder): an app command with such a name is never delivered to the app. Those of ours are
 * registered as /rotation-<name>; the plain name is still accepted in case a workspace set it up
 * by hand.
 */
const SLACK_BUILT_INS = new Set([
  "apps",
  "archive",
  "away",
  "call",
  "collapse",
  "dm",
  "dnd",
  "expand",
  "feed",
  "giphy",
  "invite",
  "leave",
  "me",
  "msg",
  "mute",
  "remind",
  "remove",
  "search",
  "shrug",
  "status",
  "topic",
  "who",
]);

/** The name a command is registered under in Slack, with its slash: "/rotation", "/rotation-status". */
export function slackCommandName(name: string): string {
  return SLACK_BUILT_INS.has(name) ? `/rotation-${name}` : `/${name}`;
}

/** Every name Slack may send for a command: the registered one and, if different, the plain one. */
export function slackCommandNames(name: string): string[] {
  const registered = slackCommandName(name);
  return registered === `/${name}` ? [registered] : [registered, `/${name}`];
}
