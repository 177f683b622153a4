/**
 * Bolt's OAuth installations kept in our Store port (SQLite or Redis), so installing into many
 * workspaces survives restarts and is shared by every process on the same store. One record per
 * workspace, or per Enterprise Grid org for org-wide installs.
 */
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { Store } from "../../core/ports.ts";

export const INSTALLATIONS_NAMESPACE = "slack-installations";

function keyOf(enterpriseId: string | undefined, teamId: string | undefined, orgWide: boolean): string {
  if (orgWide) {
    if (!enterpriseId) throw new Error("an org-wide installation needs an enterprise id");
    return `enterprise:${enterpriseId}`;
  }
  if (!teamId) throw new Error("a workspace installation needs a team id");
  return `team:${teamId}`;
}

export class StoreInstallationStore implements InstallationStore {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async storeInstallation(installation: Installation): Promise<void> {
    const key = keyOf(
      installation.enterprise?.id,
      installation.team?.id,
      installation.isEnterpriseInstall === true,
    );
    await this.store.set(INSTALLATIONS_NAMESPACE, key, installation);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const key = keyOf(query.enterpriseId, query.teamId, query.isEnterpriseInstall);
    const found = await this.store.get<Installation>(INSTALLATIONS_NAMESPACE, key);
    // Bolt turns this into "authorization failed" and the event is not processed.
    if (!found) throw new Error(`no installation for ${key}`);
    return found;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const key = keyOf(query.enterpriseId, query.teamId, query.isEnterpriseInstall);
    await this.store.delete(INSTALLATIONS_NAMESPACE, key);
  }
}
