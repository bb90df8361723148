/**
 * The CloudWatch metrics Data Lifecycle Manager publishes for a policy (namespace `AWS/EBS`,
 * dimension `DLMPolicyId`), as the EBS user guide lists them, and the metric methods every DLM
 * policy construct inherits. The table is repeated, with its sources, in docs/monitoring.md; a
 * test checks the two against each other and against the methods.
 */
import { Duration, Resource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** The page that lists the metrics of snapshot, AMI and cross-account copy event policies. */
export const DLM_METRICS_PAGE = 'https://docs.aws.amazon.com/ebs/latest/userguide/monitor-dlm-cw-metrics.html';
/** The page that lists the pre/post script and VSS metrics. */
export const DLM_SCRIPT_METRICS_PAGE = 'https://docs.aws.amazon.com/ebs/latest/userguide/dlm-script-monitoring.html';

/** The namespace DLM publishes its metrics in. */
export const DLM_NAMESPACE = 'AWS/EBS';
/** The dimension naming the policy. */
export const DLM_POLICY_DIMENSION = 'DLMPolicyId';

/** One documented DLM metric. */
export interface DlmMetricSpec {
  /** The metric name, exactly as documented. */
  readonly name: string;
  /** What it counts. */
  readonly meaning: string;
  /** The policy types that publish it: `snapshot`, `ami`, `event` (cross-account copy). */
  readonly policyTypes: string[];
  /** The page that documents it. */
  readonly source: string;
}

const S = DLM_METRICS_PAGE;
const SCRIPT = DLM_SCRIPT_METRICS_PAGE;

/** Every metric DLM documents, in the order of the user guide. */
export const DLM_METRICS: readonly DlmMetricSpec[] = [
  { name: 'ResourcesTargeted', meaning: 'Resources targeted by the tags of a snapshot or AMI policy', policyTypes: ['snapshot', 'ami'], source: S },
  { name: 'SnapshotsCreateStarted', meaning: 'Snapshot create actions initiated by a snapshot policy (each once, retries included)', policyTypes: ['snapshot'], source: S },
  { name: 'SnapshotsCreateCompleted', meaning: 'Snapshots created by a snapshot policy, retries within 60 minutes of the scheduled time included', policyTypes: ['snapshot'], source: S },
  { name: 'SnapshotsCreateFailed', meaning: 'Snapshots a snapshot policy could not create, retries within 60 minutes included', policyTypes: ['snapshot'], source: S },
  { name: 'SnapshotsSharedCompleted', meaning: 'Snapshots shared across accounts by a snapshot policy', policyTypes: ['snapshot'], source: S },
  { name: 'SnapshotsDeleteCompleted', meaning: 'Snapshots the policy created and deleted (not cross-Region copies)', policyTypes: ['snapshot', 'ami'], source: S },
  { name: 'SnapshotsDeleteFailed', meaning: 'Snapshots the policy created and could not delete (not cross-Region copies)', policyTypes: ['snapshot', 'ami'], source: S },
  { name: 'SnapshotsCopiedRegionStarted', meaning: 'Cross-Region snapshot copy actions initiated by a snapshot policy', policyTypes: ['snapshot'], source: S },
  { name: 'SnapshotsCopiedRegionCompleted', meaning: 'Cross-Region snapshot copies created, retries within 24 hours included', policyTypes: ['snapshot'], source: S },
  { name: 'SnapshotsCopiedRegionFailed', meaning: 'Cross-Region snapshot copies that could not be created, retries within 24 hours included', policyTypes: ['snapshot'], source: S },
  { name: 'SnapshotsCopiedRegionDeleteCompleted', meaning: 'Cross-Region snapshot copies deleted by the retention rule', policyTypes: ['snapshot', 'ami'], source: S },
  { name: 'SnapshotsCopiedRegionDeleteFailed', meaning: 'Cross-Region snapshot copies the retention rule could not delete', policyTypes: ['snapshot', 'ami'], source: S },
  { name: 'ImagesCreateStarted', meaning: 'CreateImage actions initiated by an AMI policy', policyTypes: ['ami'], source: S },
  { name: 'ImagesCreateCompleted', meaning: 'AMIs created by an AMI policy', policyTypes: ['ami'], source: S },
  { name: 'ImagesCreateFailed', meaning: 'AMIs an AMI policy could not create', policyTypes: ['ami'], source: S },
  { name: 'ImagesDeregisterCompleted', meaning: 'AMIs deregistered by an AMI policy', policyTypes: ['ami'], source: S },
  { name: 'ImagesDeregisterFailed', meaning: 'AMIs an AMI policy could not deregister', policyTypes: ['ami'], source: S },
  { name: 'ImagesCopiedRegionStarted', meaning: 'Cross-Region AMI copy actions initiated by an AMI policy', policyTypes: ['ami'], source: S },
  { name: 'ImagesCopiedRegionCompleted', meaning: 'Cross-Region AMI copies created by an AMI policy', policyTypes: ['ami'], source: S },
  { name: 'ImagesCopiedRegionFailed', meaning: 'Cross-Region AMI copies an AMI policy could not create', policyTypes: ['ami'], source: S },
  { name: 'ImagesCopiedRegionDeregisterCompleted', meaning: 'Cross-Region AMI copies deregistered by the retention rule', policyTypes: ['ami'], source: S },
  { name: 'ImagesCopiedRegionDeregisteredFailed', meaning: 'Cross-Region AMI copies the retention rule could not deregister', policyTypes: ['ami'], source: S },
  { name: 'EnableImageDeprecationCompleted', meaning: 'AMIs marked for deprecation by an AMI policy', policyTypes: ['ami'], source: S },
  { name: 'EnableImageDeprecationFailed', meaning: 'AMIs an AMI policy could not mark for deprecation', policyTypes: ['ami'], source: S },
  { name: 'EnableCopiedImageDeprecationCompleted', meaning: 'Cross-Region AMI copies marked for deprecation', policyTypes: ['ami'], source: S },
  { name: 'EnableCopiedImageDeprecationFailed', meaning: 'Cross-Region AMI copies that could not be marked for deprecation', policyTypes: ['ami'], source: S },
  { name: 'SnapshotsCopiedAccountStarted', meaning: 'Cross-account snapshot copy actions initiated by a cross-account copy event policy', policyTypes: ['event'], source: S },
  { name: 'SnapshotsCopiedAccountCompleted', meaning: 'Snapshots copied from another account, retries within 24 hours included', policyTypes: ['event'], source: S },
  { name: 'SnapshotsCopiedAccountFailed', meaning: 'Snapshots that could not be copied from another account, retries within 24 hours included', policyTypes: ['event'], source: S },
  { name: 'SnapshotsCopiedAccountDeleteCompleted', meaning: 'Copies of a cross-account copy event policy deleted by its retention rule', policyTypes: ['event'], source: S },
  { name: 'SnapshotsCopiedAccountDeleteFailed', meaning: 'Copies of a cross-account copy event policy its retention rule could not delete', policyTypes: ['event'], source: S },
  { name: 'PreScriptStarted', meaning: 'Pre scripts started', policyTypes: ['snapshot'], source: SCRIPT },
  { name: 'PreScriptCompleted', meaning: 'Pre scripts that succeeded', policyTypes: ['snapshot'], source: SCRIPT },
  { name: 'PreScriptFailed', meaning: 'Pre scripts that failed', policyTypes: ['snapshot'], source: SCRIPT },
  { name: 'PostScriptStarted', meaning: 'Post scripts started', policyTypes: ['snapshot'], source: SCRIPT },
  { name: 'PostScriptCompleted', meaning: 'Post scripts that succeeded', policyTypes: ['snapshot'], source: SCRIPT },
  { name: 'PostScriptFailed', meaning: 'Post scripts that failed', policyTypes: ['snapshot'], source: SCRIPT },
  { name: 'VSSBackupStarted', meaning: 'VSS backups started', policyTypes: ['snapshot'], source: SCRIPT },
  { name: 'VSSBackupCompleted', meaning: 'VSS backups that succeeded', policyTypes: ['snapshot'], source: SCRIPT },
  { name: 'VSSBackupFailed', meaning: 'VSS backups that failed', policyTypes: ['snapshot'], source: SCRIPT },
];

/** The name of the typed method for a metric: `metric` + its name (`VSS` written `Vss`). */
export function dlmMetricMethodName(metricName: string): string {
  return `metric${metricName.replace(/^VSS/, 'Vss')}`;
}

/** A DLM metric of a policy: Sum over 1 hour unless `props` says otherwise. */
export function dlmPolicyMetric(policyId: string, metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: DLM_NAMESPACE,
    metricName,
    statistic: cloudwatch.Stats.SUM,
    period: Duration.hours(1),
    ...props,
    dimensionsMap: { ...props.dimensionsMap, [DLM_POLICY_DIMENSION]: policyId },
  });
}

/**
 * The metric methods of every DLM policy construct (and imported policy), one per metric DLM
 * documents. Not exported from the package: a hidden base class, whose members jsii copies into
 * the classes built on it.
 * @internal
 */
export abstract class LifecyclePolicyMetrics extends Resource {
  public abstract readonly policyId: string;

  /**
   * A metric DLM publishes for this policy (namespace `AWS/EBS`, dimension `DLMPolicyId`).
   * Sum over 1 hour unless `props` says otherwise.
   *
   * @param metricName a metric name from the EBS user guide, e.g. `SnapshotsCreateFailed`
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/monitor-dlm-cw-metrics.html
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return dlmPolicyMetric(this.policyId, metricName, props);
  }

  /** Resources targeted by the policy's tags (snapshot and AMI policies). Sum over 1 hour. */
  public metricResourcesTargeted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ResourcesTargeted', props);
  }

  /** Snapshot create actions initiated (snapshot policies). Sum over 1 hour. */
  public metricSnapshotsCreateStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCreateStarted', props);
  }

  /** Snapshots created, retries within 60 minutes included (snapshot policies). Sum over 1 hour. */
  public metricSnapshotsCreateCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCreateCompleted', props);
  }

  /** Snapshots that could not be created (snapshot policies). Sum over 1 hour. */
  public metricSnapshotsCreateFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCreateFailed', props);
  }

  /** Snapshots shared across accounts (snapshot policies). Sum over 1 hour. */
  public metricSnapshotsSharedCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsSharedCompleted', props);
  }

  /** Snapshots the policy deleted (not cross-Region copies). Sum over 1 hour. */
  public metricSnapshotsDeleteCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsDeleteCompleted', props);
  }

  /** Snapshots the policy could not delete (not cross-Region copies). Sum over 1 hour. */
  public metricSnapshotsDeleteFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsDeleteFailed', props);
  }

  /** Cross-Region snapshot copy actions initiated. Sum over 1 hour. */
  public metricSnapshotsCopiedRegionStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCopiedRegionStarted', props);
  }

  /** Cross-Region snapshot copies created. Sum over 1 hour. */
  public metricSnapshotsCopiedRegionCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCopiedRegionCompleted', props);
  }

  /** Cross-Region snapshot copies that could not be created. Sum over 1 hour. */
  public metricSnapshotsCopiedRegionFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCopiedRegionFailed', props);
  }

  /** Cross-Region snapshot copies deleted by the retention rule. Sum over 1 hour. */
  public metricSnapshotsCopiedRegionDeleteCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCopiedRegionDeleteCompleted', props);
  }

  /** Cross-Region snapshot copies the retention rule could not delete. Sum over 1 hour. */
  public metricSnapshotsCopiedRegionDeleteFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCopiedRegionDeleteFailed', props);
  }

  /** CreateImage actions initiated (AMI policies). Sum over 1 hour. */
  public metricImagesCreateStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ImagesCreateStarted', props);
  }

  /** AMIs created (AMI policies). Sum over 1 hour. */
  public metricImagesCreateCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ImagesCreateCompleted', props);
  }

  /** AMIs that could not be created (AMI policies). Sum over 1 hour. */
  public metricImagesCreateFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ImagesCreateFailed', props);
  }

  /** AMIs deregistered (AMI policies). Sum over 1 hour. */
  public metricImagesDeregisterCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ImagesDeregisterCompleted', props);
  }

  /** AMIs that could not be deregistered (AMI policies). Sum over 1 hour. */
  public metricImagesDeregisterFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ImagesDeregisterFailed', props);
  }

  /** Cross-Region AMI copy actions initiated (AMI policies). Sum over 1 hour. */
  public metricImagesCopiedRegionStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ImagesCopiedRegionStarted', props);
  }

  /** Cross-Region AMI copies created (AMI policies). Sum over 1 hour. */
  public metricImagesCopiedRegionCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ImagesCopiedRegionCompleted', props);
  }

  /** Cross-Region AMI copies that could not be created (AMI policies). Sum over 1 hour. */
  public metricImagesCopiedRegionFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ImagesCopiedRegionFailed', props);
  }

  /** Cross-Region AMI copies deregistered by the retention rule (AMI policies). Sum over 1 hour. */
  public metricImagesCopiedRegionDeregisterCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ImagesCopiedRegionDeregisterCompleted', props);
  }

  /**
   * Cross-Region AMI copies the retention rule could not deregister (AMI policies; the name is
   * DLM's, `Deregistered`). Sum over 1 hour.
   */
  public metricImagesCopiedRegionDeregisteredFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ImagesCopiedRegionDeregisteredFailed', props);
  }

  /** AMIs marked for deprecation (AMI policies). Sum over 1 hour. */
  public metricEnableImageDeprecationCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('EnableImageDeprecationCompleted', props);
  }

  /** AMIs that could not be marked for deprecation (AMI policies). Sum over 1 hour. */
  public metricEnableImageDeprecationFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('EnableImageDeprecationFailed', props);
  }

  /** Cross-Region AMI copies marked for deprecation (AMI policies). Sum over 1 hour. */
  public metricEnableCopiedImageDeprecationCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('EnableCopiedImageDeprecationCompleted', props);
  }

  /** Cross-Region AMI copies that could not be marked for deprecation (AMI policies). Sum over 1 hour. */
  public metricEnableCopiedImageDeprecationFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('EnableCopiedImageDeprecationFailed', props);
  }

  /** Cross-account snapshot copy actions initiated (cross-account copy event policies). Sum over 1 hour. */
  public metricSnapshotsCopiedAccountStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCopiedAccountStarted', props);
  }

  /** Snapshots copied from another account (cross-account copy event policies). Sum over 1 hour. */
  public metricSnapshotsCopiedAccountCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCopiedAccountCompleted', props);
  }

  /** Snapshots that could not be copied from another account (cross-account copy event policies). Sum over 1 hour. */
  public metricSnapshotsCopiedAccountFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCopiedAccountFailed', props);
  }

  /** Copies deleted by the retention rule (cross-account copy event policies). Sum over 1 hour. */
  public metricSnapshotsCopiedAccountDeleteCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCopiedAccountDeleteCompleted', props);
  }

  /** Copies the retention rule could not delete (cross-account copy event policies). Sum over 1 hour. */
  public metricSnapshotsCopiedAccountDeleteFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SnapshotsCopiedAccountDeleteFailed', props);
  }

  /** Pre scripts started. Sum over 1 hour. */
  public metricPreScriptStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PreScriptStarted', props);
  }

  /** Pre scripts that succeeded. Sum over 1 hour. */
  public metricPreScriptCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PreScriptCompleted', props);
  }

  /** Pre scripts that failed (the snapshot is then crash-consistent, or skipped). Sum over 1 hour. */
  public metricPreScriptFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PreScriptFailed', props);
  }

  /** Post scripts started. Sum over 1 hour. */
  public metricPostScriptStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PostScriptStarted', props);
  }

  /** Post scripts that succeeded. Sum over 1 hour. */
  public metricPostScriptCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PostScriptCompleted', props);
  }

  /** Post scripts that failed. Sum over 1 hour. */
  public metricPostScriptFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PostScriptFailed', props);
  }

  /** VSS backups started (`VSSBackupStarted`). Sum over 1 hour. */
  public metricVssBackupStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('VSSBackupStarted', props);
  }

  /** VSS backups that succeeded (`VSSBackupCompleted`). Sum over 1 hour. */
  public metricVssBackupCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('VSSBackupCompleted', props);
  }

  /** VSS backups that failed (`VSSBackupFailed`). Sum over 1 hour. */
  public metricVssBackupFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('VSSBackupFailed', props);
  }
}
