/**
 * An EBS volume type, as EC2 names it (`gp3`, `io2`, ...). Open: AWS adds volume types, so
 * `EbsVolumeType.of()` takes any name EC2 may use; the constants are today's types.
 *
 * Used by `DefaultPolicy` to leave volumes of some types out.
 *
 * @example
 * EbsVolumeType.SC1;
 * EbsVolumeType.of('gp4');   // a type AWS adds later
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html
 */
export class EbsVolumeType {
  /** Magnetic (previous generation). */
  public static readonly STANDARD = new EbsVolumeType('standard');

  /** General Purpose SSD gp2. */
  public static readonly GP2 = new EbsVolumeType('gp2');

  /** General Purpose SSD gp3. */
  public static readonly GP3 = new EbsVolumeType('gp3');

  /** Provisioned IOPS SSD io1. */
  public static readonly IO1 = new EbsVolumeType('io1');

  /** Provisioned IOPS SSD io2 (Block Express). */
  public static readonly IO2 = new EbsVolumeType('io2');

  /** Throughput Optimized HDD st1. */
  public static readonly ST1 = new EbsVolumeType('st1');

  /** Cold HDD sc1. */
  public static readonly SC1 = new EbsVolumeType('sc1');

  /**
   * A volume type by its EC2 name: lowercase letters and digits, starting with a letter
   * (`gp3`, `io2`, `standard`). Checked where it is used, with the construct's path.
   *
   * @param name the EC2 `VolumeType` value
   */
  public static of(name: string): EbsVolumeType {
    return new EbsVolumeType(name);
  }

  /** The EC2 `VolumeType` value, e.g. `gp3`. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /** The EC2 `VolumeType` value. */
  public toString(): string {
    return this.name;
  }
}
