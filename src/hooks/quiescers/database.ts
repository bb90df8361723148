/**
 * What the MySQL/MariaDB and PostgreSQL quiescers share (internal): the password parameter read
 * on the instance, and the shell pieces around their own (`db-checks.sh`, `db-session.sh`).
 */
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { QuiescerContext } from './shared';
import { readScript } from '../private/scripts';
import { RuntimeSetting } from '../private/shell-quote';

/** The same rule as the synth-time parameter name check, as an anchored bash ERE (and at most 1011 characters). */
const PARAMETER_NAME_RUNTIME = '^/?[A-Za-z0-9_.-]{1,1011}(/[A-Za-z0-9_.-]{1,1011})*$';
/** An AWS Region name (us-east-1, us-gov-west-1, cn-north-1, ...). */
const REGION_RUNTIME = '^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$';

/**
 * The parameter name and the Region may be tokens (a CfnParameter, a parameter of the same
 * stack, an environment-agnostic stack): they reach the script as data, decoded and checked on
 * the instance (see `RuntimeSetting`).
 */
export function parameterSettings(parameter: ssm.IParameter | undefined, ctx: QuiescerContext): { [name: string]: RuntimeSetting } {
  if (!parameter) return {};
  return {
    HOOK_PASSWORD_PARAMETER: { value: parameter.parameterName, pattern: PARAMETER_NAME_RUNTIME, what: 'a valid SSM parameter name' },
    HOOK_REGION: { value: ctx.region, pattern: REGION_RUNTIME, what: 'a valid AWS Region' },
  };
}

/**
 * A database quiescer's functions: the generated `db_client` (and `extra` pieces), then the
 * credentials, the shared checks, the database's own file and the session machinery.
 */
export function databaseFunctions(client: string, databaseScript: string, parameter: ssm.IParameter | undefined, extra: string[] = []): string {
  return [
    client,
    ...extra.map(readScript),
    readScript(parameter ? 'db-credentials.sh' : 'db-no-credentials.sh'),
    readScript('db-checks.sh'),
    readScript(databaseScript),
    readScript('db-session.sh'),
  ].join('');
}
