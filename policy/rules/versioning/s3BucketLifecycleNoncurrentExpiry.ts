import { PolicyResource } from "@pulumi/policy";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { S3_BUCKET_TYPES, S3_LIFECYCLE_CONFIGURATION_TYPES } from "../../lib/tokens";
import { isSet, listOf } from "../../lib/validate";

function enabledRules(lifecycle: PolicyResource): any[] {
    return listOf(lifecycle.props.rules).filter((rule: any) => rule.status === "Enabled");
}

/**
 * With versioning on, every overwrite and delete keeps a noncurrent version forever unless a lifecycle
 * rule expires it; abandoned multipart uploads are billed until a rule aborts them.
 */
export const s3BucketLifecycleNoncurrentExpiry: PlatformStackPolicy = {
    name: "s3-bucket-lifecycle-noncurrent-expiry",
    description: "Every S3 bucket must have a BucketLifecycleConfiguration with Enabled rules that expire noncurrent versions (noncurrentVersionExpiration.noncurrentDays) and abort incomplete multipart uploads (abortIncompleteMultipartUpload.daysAfterInitiation).",
    enforcementLevel: "mandatory",
    severity: "low",
    theme: "versioning",
    anchors: ["CKV2_AWS_61", "CKV_AWS_300", "FSBP S3.13"],
    remediationSteps: "Add an aws.s3.BucketLifecycleConfiguration (bucket: bucket.id, dependsOn the BucketVersioning) with an Enabled rule `{ noncurrentVersionExpiration: { noncurrentDays: 90 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }`.",
    validateStack: (args, reportViolation) => {
        const lifecycles = args.resources.filter((r) => S3_LIFECYCLE_CONFIGURATION_TYPES.includes(r.type));
        for (const bucket of args.resources.filter((r) => S3_BUCKET_TYPES.includes(r.type))) {
            if (companionsOf(bucket, lifecycles, S3_LIFECYCLE_CONFIGURATION_TYPES, "bucket", "bucket").length === 0) {
                reportViolation(`bucket ${bucket.name} has no BucketLifecycleConfiguration expiring noncurrent versions and aborting incomplete uploads (found: none)`, bucket.urn);
            }
        }
        for (const lifecycle of lifecycles) {
            const rules = enabledRules(lifecycle);
            if (!rules.some((rule) => isSet(rule.noncurrentVersionExpiration, "noncurrentDays"))) {
                reportViolation("rules must include an Enabled rule with noncurrentVersionExpiration.noncurrentDays (found: none)", lifecycle.urn);
            }
            if (!rules.some((rule) => isSet(rule.abortIncompleteMultipartUpload, "daysAfterInitiation"))) {
                reportViolation("rules must include an Enabled rule with abortIncompleteMultipartUpload.daysAfterInitiation (found: none)", lifecycle.urn);
            }
        }
    },
};
