import { Token } from 'aws-cdk-lib';
import { checkPath, QuiescerBinding } from './shared';
import { raw, Where } from '../../common/validation';
import { readScript } from '../private/scripts';
import { shellQuote } from '../private/shell-quote';

/** Freezing file systems with `fsfreeze`. */
export interface FsfreezeOptions {
  /**
   * Mount points to freeze (absolute paths, 1 to 16), frozen in this order and thawed in the
   * reverse order. Not `/`: a frozen root file system also stops the SSM Agent that would
   * run the post-script (the auto thaw would still end it).
   */
  readonly mountPoints: string[];
}

const MAX_MOUNT_POINTS = 16;

/** Validates the mount points; the functions are `fsfreeze.sh` after the generated list. */
export function bindFsfreeze(where: Where, options: FsfreezeOptions): QuiescerBinding {
  const mounts = options.mountPoints;
  if (Token.isUnresolved(mounts)) where.fail('mountPoints', 'must be a literal list, not a token');
  if (mounts.length < 1 || mounts.length > MAX_MOUNT_POINTS) {
    where.fail('mountPoints', `must have 1 to ${MAX_MOUNT_POINTS} items`, raw(`${mounts.length} items`));
  }
  mounts.forEach((m, i) => {
    checkPath(where, `mountPoints[${i}]`, m, 255, true);
    if (m === '/') where.fail(`mountPoints[${i}]`, 'must not be the root file system `/` (freezing it stops the SSM Agent that runs the post-script)', m);
  });
  const seen = new Set<string>();
  for (const m of mounts) {
    if (seen.has(m)) where.fail('mountPoints', 'must not repeat a mount point', m);
    seen.add(m);
  }
  // Tests run these functions with a recording `fsfreeze` (and `mountpoint`) on PATH.
  const functions = [
    '# The mount points, in freezing order (thawed in the reverse order).',
    `HOOK_MOUNTS=(${mounts.map(shellQuote).join(' ')})`,
    readScript('fsfreeze.sh'),
  ].join('\n');
  return {
    parts: {
      kind: 'fsfreeze',
      what: 'the file systems',
      title: `fsfreeze: freezes ${mounts.join(', ')} from the pre-script to the post-script (with auto thaw)`,
      functions,
      holds: true,
      held: 'freeze',
    },
    pre: true,
    post: true,
    description: `Freezes ${mounts.join(', ')} with fsfreeze`,
  };
}
