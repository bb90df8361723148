import {
  DockerImageAssetLocation, DockerImageAssetSource, FileAssetLocation, FileAssetSource, ISynthesisSession, StackSynthesizer,
} from 'aws-cdk-lib';
import { raw, Where } from '../../common/validation';

/**
 * Why a member stack carries no assets: the StackSet deploys one template, nothing beside it.
 * CDK file and image assets live in the bootstrap bucket and repository of the account and
 * Region the CDK CLI deploys to; a stack instance in a member account has neither.
 */
const NO_ASSETS = 'must be empty: a CloudFormation StackSet deploys its template alone, so the file and Docker image assets of the CDK (uploaded to the bootstrap bucket and repository of the deploying account) cannot reach the member accounts; inline the content (e.g. `lambda.Code.fromInline`, SSM documents with inline content) or deploy it outside the StackSet';

/**
 * The synthesizer of a `TierMemberStack`: it writes the stack's template into the cloud assembly
 * (so it can be read and checked) but registers no deployable artifact — the template is
 * deployed by the StackSet of the management stack, never by `cdk deploy`. It adds no
 * bootstrap version parameter or rule (member accounts need not be CDK-bootstrapped) and
 * refuses file and Docker image assets, which a StackSet cannot carry.
 */
export class MemberStackSynthesizer extends StackSynthesizer {
  public addFileAsset(asset: FileAssetSource): FileAssetLocation {
    const what = asset.fileName ?? asset.executable?.join(' ') ?? asset.sourceHash;
    return new Where(this.boundStack).fail('assets', NO_ASSETS, raw(`a file asset (${what})`));
  }

  public addDockerImageAsset(asset: DockerImageAssetSource): DockerImageAssetLocation {
    const what = asset.directoryName ?? asset.executable?.join(' ') ?? asset.sourceHash;
    return new Where(this.boundStack).fail('assets', NO_ASSETS, raw(`a Docker image asset (${what})`));
  }

  public synthesize(session: ISynthesisSession): void {
    // the template only: no stack artifact, so `cdk deploy` and `cdk list` leave it alone
    this.synthesizeTemplate(session);
  }
}
