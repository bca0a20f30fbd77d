import { companionsOf, refersTo } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { isAccessLogTarget } from "../../lib/s3";
import { S3_BUCKET_TYPES, S3_LOGGING_TYPES } from "../../lib/tokens";
import { found, isSet } from "../../lib/validate";

/**
 * Server access logs record every request to a bucket. A bucket that receives access logs (from S3
 * or a load balancer) is exempt, since logging it would log the logging, and no bucket may log into
 * itself, which loops forever.
 */
export const s3BucketLoggingTarget: PlatformStackPolicy = {
    name: "s3-bucket-logging-target",
    description: "Every S3 bucket that does not itself receive access logs (S3 or load balancer) must have a BucketLogging whose targetBucket is set and is another bucket.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "logging",
    anchors: ["CKV_AWS_18", "AVD-AWS-0089", "FSBP S3.9", "AwsGuard s3-bucket-logging-enabled"],
    remediationSteps: "Add an aws.s3.BucketLogging with `bucket: bucket.id`, `targetBucket: logBucket.id` (a dedicated access-log bucket) and a `targetPrefix`.",
    validateStack: (args, reportViolation) => {
        const buckets = args.resources.filter((r) => S3_BUCKET_TYPES.includes(r.type));
        const loggings = args.resources.filter((r) => S3_LOGGING_TYPES.includes(r.type));

        for (const bucket of buckets) {
            const own = companionsOf(bucket, loggings, S3_LOGGING_TYPES, "bucket", "bucket");
            if (own.length === 0 && !isAccessLogTarget(bucket, args.resources)) {
                reportViolation(`bucket ${bucket.name} has no BucketLogging: server access logs must go to a log bucket (found: none)`, bucket.urn);
            }
            for (const logging of own) {
                if (refersTo(logging, "targetBucket", bucket, "bucket")) {
                    reportViolation(`targetBucket must be another bucket than ${bucket.name} itself (found: the logged bucket)`, logging.urn);
                }
            }
        }
        for (const logging of loggings) {
            if (!isSet(logging.props, "targetBucket")) {
                reportViolation(`targetBucket must name the access-log bucket (found: ${found(logging.props.targetBucket)})`, logging.urn);
            }
        }
    },
};
