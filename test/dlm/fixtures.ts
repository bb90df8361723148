/** Test stand-ins for the library's binding seams. */
import { Construct } from 'constructs';
import {
  CrossRegionCopyBindOptions, CrossRegionCopyConfig, EbsVolumeType, ICrossRegionCopy, ISnapshotScript, Retention, SnapshotScriptConfig,
} from '../../src';

/** Today's seven EC2 volume types, as the library's constants. */
export const ALL_VOLUME_TYPES: readonly EbsVolumeType[] = [
  EbsVolumeType.STANDARD, EbsVolumeType.GP2, EbsVolumeType.GP3, EbsVolumeType.IO1, EbsVolumeType.IO2, EbsVolumeType.ST1, EbsVolumeType.SC1,
];

/** A cross-region copy rule that binds to exactly the configuration it is given, and records its bindings. */
export class FixedCopy implements ICrossRegionCopy {
  public readonly bound: CrossRegionCopyBindOptions[] = [];

  public constructor(private readonly config: CrossRegionCopyConfig) {}

  public bindCopy(_scope: Construct, options: CrossRegionCopyBindOptions): CrossRegionCopyConfig {
    this.bound.push(options);
    return this.config;
  }

  /** Readable in fast-check counterexamples. */
  public toString(): string {
    return `copy(${JSON.stringify(this.config, (_key, v) => (v instanceof Retention ? String(v) : v))})`;
  }
}

/** A pre/post script that binds to exactly the configuration it is given. */
export class FixedScript implements ISnapshotScript {
  public constructor(private readonly config: SnapshotScriptConfig) {}

  public bindScript(): SnapshotScriptConfig {
    return this.config;
  }
}
