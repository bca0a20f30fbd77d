import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { S3_BUCKET_TYPES, S3_VERSIONING_TYPES } from "../../lib/tokens";
import { mustBe } from "../../lib/validate";

/**
 * Versioning is what recovers an overwritten or deleted object. In AWS v7 it is a separate resource,
 * so every bucket needs a BucketVersioning, and every BucketVersioning must be Enabled.
 */
export const s3BucketVersioningEnabled: PlatformStackPolicy = {
    name: "s3-bucket-versioning-enabled",
    description: "Every S3 bucket must have a BucketVersioning with versioningConfiguration.status \"Enabled\".",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "versioning",
    anchors: ["CKV_AWS_21", "AVD-AWS-0090", "FSBP S3.14"],
    remediationSteps: "Add an aws.s3.BucketVersioning with `bucket: bucket.id` and `versioningConfiguration: { status: \"Enabled\" }`, plus a lifecycle rule that expires noncurrent versions.",
    validateStack: (args, reportViolation) => {
        const versionings = args.resources.filter((r) => S3_VERSIONING_TYPES.includes(r.type));
        for (const bucket of args.resources.filter((r) => S3_BUCKET_TYPES.includes(r.type))) {
            if (companionsOf(bucket, versionings, S3_VERSIONING_TYPES, "bucket", "bucket").length === 0) {
                reportViolation(`bucket ${bucket.name} has no BucketVersioning: versioning must be Enabled (found: none)`, bucket.urn);
            }
        }
        for (const versioning of versionings) {
            const status = versioning.props.versioningConfiguration?.status;
            if (status !== "Enabled") {
                reportViolation(mustBe("versioningConfiguration.status", "\"Enabled\"", status), versioning.urn);
            }
        }
    },
};
