/**
 * The alarm actions of the restore layer's alarms. NOT exported from the package.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * A function that makes an alarm notify `topic` when it goes into ALARM and back to OK, and
 * returns the alarm; without a topic, the alarm is returned as it is.
 */
export function notifier(topic: sns.ITopic | undefined): (alarm: cloudwatch.Alarm) => cloudwatch.Alarm {
  const action = topic ? new cwActions.SnsAction(topic) : undefined;
  return (alarm) => {
    if (action) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    return alarm;
  };
}
