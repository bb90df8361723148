/**
 * What this library knows about the vaults it created, so that a plan can check its rules
 * against the vault they write to (vault lock bounds, accounts allowed to copy in).
 *
 * NOT re-exported from `src/backup/index.ts`.
 */
import { IConstruct } from 'constructs';

/** Facts about a vault created by `ProtectedBackupVault`. @internal */
export interface VaultFacts {
  /** The ProtectedBackupVault's construct path, for messages. */
  readonly path: string;
  /** Vault lock minimum retention in days (undefined: no lock, or a token). */
  readonly minRetentionDays?: number;
  /** Vault lock maximum retention in days (undefined: none, or a token). */
  readonly maxRetentionDays?: number;
  /** Accounts allowed to copy into the vault (tokens included as they are). */
  readonly allowCopyFromAccounts: string[];
}

const FACTS = new WeakMap<IConstruct, VaultFacts>();

/** Records the facts of a vault. @internal */
export function registerVault(vault: IConstruct, facts: VaultFacts): void {
  FACTS.set(vault, facts);
}

/** The facts of a vault created by `ProtectedBackupVault`, or undefined for any other vault. @internal */
export function vaultFacts(vault: IConstruct): VaultFacts | undefined {
  return FACTS.get(vault);
}
