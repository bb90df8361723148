/**
 * Whether a tier's consistency hook is Windows VSS (DLM's `AWS_VSS_BACKUP` handler): DLM then
 * refuses `copyTags`, AWS Backup plans turn on their `WindowsVSS` option, and Organizations
 * backup policies set `windows_vss`. NOT exported from the package.
 */
import { Construct } from 'constructs';
import { SnapshotScript } from '../../dlm/script';
import { BackupTier } from '../tier';

/**
 * True when `tier`'s consistency hook is Windows VSS. Only a `SnapshotScript` can be one, so no
 * other hook is bound (binding a hook may create its SSM document in `scope`).
 */
export function usesWindowsVss(tier: BackupTier, scope: Construct): boolean {
  const script = tier.consistency;
  return script instanceof SnapshotScript && script.bindScript(scope).executionHandler === SnapshotScript.VSS_HANDLER;
}
