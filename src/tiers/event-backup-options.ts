import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';

/** Options of an event-driven backup of a tier (`CompiledTier.backUpOnEvent`: `tiers.tier(name).backUpOnEvent(id, options)`). */
export interface EventBackupOptions {
  /**
   * The events that start a backup of every resource of the tier, e.g. a CodePipeline
   * execution that starts (the reference strategy's "before major deployments").
   */
  readonly eventPattern: events.EventPattern;

  /**
   * How long the on-demand recovery points are kept (whole days, 1 to 36500).
   *
   * @default Duration.days(7)
   */
  readonly retention?: Duration;

  /**
   * The event bus the rule listens on.
   *
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;

  /**
   * A description of the rule.
   *
   * @default - names the tier
   */
  readonly description?: string;
}
