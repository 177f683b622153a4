/**
 * Per-channel settings a channel's managers choose with /settings (today: cashtags), kept in the
 * Store under one key per channel. Reading them is on the path of every ordinary message the
 * bot sees, so a channel with nothing saved costs one lookup and no write.
 */
import type { Store } from "./ports.ts";
import type { ChannelRef } from "./subscriptions/access.ts";

export const SETTINGS_NAMESPACE = "channel-settings";

export interface ChannelSettings {
  /** `$IWM` in an ordinary message gets a quote reply in thread. Off unless turned on. */
  cashtags: boolean;
  /** Who last changed them, and when (epoch ms); absent while nothing was ever saved. */
  updatedBy?: string;
  updatedAt?: number;
}

export const DEFAULT_SETTINGS: ChannelSettings = { cashtags: false };

export function settingsKey(channel: ChannelRef): string {
  return `${channel.platform}:${channel.workspaceId ?? ""}:${channel.channelId}`;
}

export async function readSettings(store: Store, channel: ChannelRef): Promise<ChannelSettings> {
  const saved = await store.get<Partial<ChannelSettings>>(SETTINGS_NAMESPACE, settingsKey(channel));
  return { ...DEFAULT_SETTINGS, ...saved, cashtags: saved?.cashtags === true };
}

export async function saveSettings(
  store: Store,
  channel: ChannelRef,
  settings: ChannelSettings,
): Promise<void> {
  await store.set(SETTINGS_NAMESPACE, settingsKey(channel), settings);
}
