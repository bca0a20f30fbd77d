/**
 * Value types several config sections share, with the limits of the services that receive them: a value
 * that AWS, EKS or Cloudflare would reject at `pulumi up` is refused here, with the limit named.
 */
import { z } from "zod";
import { editDistance } from "../../lib/text";
import { formatCidr, parseCidr } from "../../lib/cidr";

/**
 * An IPv4 CIDR, normalised once (`010.0.0.0/08 ` becomes `10.0.0.0/8`): everything downstream, the VPC and
 * the subnets carved from it alike, sees the same canonical text.
 */
export const cidr = z
    .string()
    .superRefine((value, ctx) => {
        try {
            parseCidr(value);
        } catch (error) {
            ctx.addIssue({ code: "custom", message: `${(error as Error).message} (expected an IPv4 CIDR like 10.0.0.0/16)` });
        }
    })
    .overwrite((value) => {
        try {
            return formatCidr(parseCidr(value));
        } catch {
            return value; // only reached when the refinement above already reported it
        }
    });

/**
 * AWS regions by partition, as the pinned @pulumi/aws declares them (`aws.Region`; tests/config checks the
 * two stay equal). Loading @pulumi/aws here would load the SDK before validation, hence the copy.
 */
export const AWS_REGIONS_BY_PARTITION: Readonly<Record<string, readonly string[]>> = {
    aws: [
        "af-south-1",
        "ap-east-1",
        "ap-east-2",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-south-1",
        "ap-south-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "ca-central-1",
        "ca-west-1",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "il-central-1",
        "me-central-1",
        "me-south-1",
        "mx-central-1",
        "sa-east-1",
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
    ],
    "aws-cn": ["cn-north-1", "cn-northwest-1"],
    "aws-eusc": ["eusc-de-east-1"],
    "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
    "aws-iso": ["us-iso-east-1", "us-iso-west-1"],
    "aws-iso-b": ["us-isob-east-1", "us-isob-west-1"],
    "aws-iso-e": ["eu-isoe-west-1"],
    "aws-iso-f": ["us-isof-east-1", "us-isof-south-1"],
};
export const AWS_REGIONS: readonly string[] = Object.values(AWS_REGIONS_BY_PARTITION).flat();

/** The partition a region belongs to (`aws`, `aws-cn`, `aws-us-gov`, ...), or undefined for an unknown region. */
export function partitionOf(region: string): string | undefined {
    return Object.keys(AWS_REGIONS_BY_PARTITION).find((p) => AWS_REGIONS_BY_PARTITION[p].includes(region));
}

/** The AWS region closest to a misspelled name, when one is a likely intent (one or two characters off). */
function nearestRegion(name: string): string | undefined {
    const ranked = AWS_REGIONS.map((r) => ({ r, d: editDistance(name.toLowerCase(), r) })).sort((a, b) => a.d - b.d);
    return ranked[0] && ranked[0].d <= 2 ? ranked[0].r : undefined;
}

export const awsRegionName = z
    .string()
    .superRefine((value, ctx) => {
        if (!AWS_REGIONS.includes(value)) {
            const near = nearestRegion(value);
            ctx.addIssue({ code: "custom", message: `not an AWS region${near ? `; did you mean ${near}?` : ""} (expected a region name like us-east-1)` });
        }
    });

/** IAM limits: role names 1-64 characters, paths up to 512 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const iamRoleArn = z
    .string()
    .max(2048, "expected an IAM role ARN of at most 2048 characters")
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/){0,}[\w+=,.@-]{1,64}$/, "expected an IAM role ARN like arn:aws:iam::123456789012:role/name (role name at most 64 characters)")
    .refine((arn) => arn.slice(arn.indexOf(":role/") + 5, arn.lastIndexOf("/") + 1).length <= 512, "expected an IAM path of at most 512 characters");

/** The role name of an IAM role ARN (`arn:aws:iam::1:role/ops/admin` -> `admin`); IAM names are unique per account, whatever the path. */
export function roleNameOf(arn: string): string {
    return arn.slice(arn.lastIndexOf("/") + 1);
}

/** The partition of an ARN (`arn:aws-cn:...` -> `aws-cn`). */
export function arnPartition(arn: string): string {
    return arn.split(":")[1];
}

export const cpuQuantity = z.string().regex(/^[1-9]\d{0,5}m$/, "expected CPU in millicores like 250m (at most 999999m)");
export const memoryQuantity = z.string().regex(/^[1-9]\d{0,6}(Mi|Gi)$/, "expected memory like 512Mi or 2Gi (at most 7 digits)");

/**
 * An AWS tag value: at most 256 characters of letters, digits, spaces and `_ . : / = + - @`
 * (https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html).
 */
export const awsTagValue = z
    .string()
    .min(1, "expected a non-empty tag value")
    .max(256, "expected at most 256 characters (the AWS tag value limit)")
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, "expected letters, digits, spaces and _ . : / = + - @ only (what AWS accepts in tag values)");

/**
 * The retention periods CloudWatch Logs accepts (PutRetentionPolicy); anything else fails at `pulumi up`.
 */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export const cloudWatchRetentionDays = z
    .literal(CLOUDWATCH_RETENTION_DAYS, { error: `expected one of the retention periods CloudWatch accepts: ${CLOUDWATCH_RETENTION_DAYS.join(", ")}` })
    .meta({ type: "integer" }); // an integer key to Pulumi.yaml and the reference, not an enum of numbers

/**
 * A list whose entries must be distinct (a repeated entry would create the same resource twice, or one
 * silently overwriting the other) and at most `max` long (`limit` says whose limit).
 */
export function distinctList<T extends z.ZodType>(item: T, max: number, limit: string) {
    return z
        .array(item)
        .max(max, `expected at most ${max} entries (${limit})`)
        .superRefine((list, ctx) => {
            const seen = new Map<string, number>();
            list.forEach((value, i) => {
                const key = JSON.stringify(value);
                const first = seen.get(key);
                if (first === undefined) {
                    seen.set(key, i);
                } else {
                    ctx.addIssue({ code: "custom", path: [i], message: `${JSON.stringify(value).slice(0, 80)} is listed twice (also [${first}])` });
                }
            });
        });
}
