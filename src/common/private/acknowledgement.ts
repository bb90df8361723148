import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Records on `scope` that a policy-validation finding (e.g. cdk-nag's
 * `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/...]`) is accepted, and why,
 * in the metadata entry `Validations.of(scope).acknowledge()` writes and validation plugins such
 * as cdk-nag read (`aws:cdk:acknowledged-rules`, `{ [id]: reason }`).
 *
 * Written directly because `Validations.acknowledge` of aws-cdk-lib 2.262.0 (the peer floor)
 * throws `InvalidValidationId` for an id with more than one `::`, which every finding naming an
 * ARN has; later releases accept it. Recording the entry itself behaves the same on every
 * supported release and never throws. Internal: not exported from the package.
 */
export function recordAcknowledgement(scope: IConstruct, id: string, reason: string): void {
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
}
