/**
 * What the commands that call DLM share.
 */
import { ParsedArgs, stringOption } from '../args';
import { AwsOptions } from '../dlm';

/** `--region`, `--profile` and `--endpoint-url`. */
export function awsOptions(args: ParsedArgs): AwsOptions {
  return {
    region: stringOption(args, 'region'),
    profile: stringOption(args, 'profile'),
    endpointUrl: stringOption(args, 'endpoint-url'),
  };
}
