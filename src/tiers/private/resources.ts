/**
 * The CloudFormation resource types tiers protect, and which engine can protect each.
 */

/** EBS volumes and EC2 instances: DLM or AWS Backup. */
export const EBS_TYPES = ['AWS::EC2::Volume', 'AWS::EC2::Instance'];

/**
 * Stateful resource types AWS Backup protects and DLM cannot, with whether AWS Backup offers
 * continuous backup (point-in-time restore) for them.
 */
export const BACKUP_TYPES: { readonly [type: string]: { readonly continuous: boolean; readonly label: string } } = {
  'AWS::RDS::DBInstance': { continuous: true, label: 'RDS DB instance' },
  'AWS::RDS::DBCluster': { continuous: true, label: 'Aurora/RDS DB cluster' },
  'AWS::DynamoDB::Table': { continuous: false, label: 'DynamoDB table' },
  'AWS::DynamoDB::GlobalTable': { continuous: false, label: 'DynamoDB global table' },
  'AWS::EFS::FileSystem': { continuous: false, label: 'EFS file system' },
  'AWS::FSx::FileSystem': { continuous: false, label: 'FSx file system' },
  'AWS::S3::Bucket': { continuous: true, label: 'S3 bucket' },
  'AWS::DocDB::DBCluster': { continuous: false, label: 'DocumentDB cluster' },
  'AWS::Neptune::DBCluster': { continuous: false, label: 'Neptune cluster' },
  'AWS::Redshift::Cluster': { continuous: false, label: 'Redshift cluster' },
};

/** Every resource type a tier can be assigned to. */
export const PROTECTABLE_TYPES = [...EBS_TYPES, ...Object.keys(BACKUP_TYPES)];

/**
 * The ARN patterns of EBS volumes and EC2 instances, excluded from a tier's AWS Backup
 * selection while DLM protects them (so nothing is backed up twice).
 */
export function ebsArnPatterns(partition: string): string[] {
  return [
    `arn:${partition}:ec2:*:*:volume/*`,
    `arn:${partition}:ec2:*:*:instance/*`,
  ];
}
