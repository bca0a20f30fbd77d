/**
 * s3-bucket-no-public-acl: no canned ACL or grant may open a bucket to everyone (AllUsers) or to any
 * AWS account (AuthenticatedUsers), whether set on `aws.s3.BucketAcl` or inline on `aws.s3.Bucket`.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf } from "../../lib/validate";

const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GRANTEE_URIS = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

function cannedAclMessage(acl: unknown): string | undefined {
    return typeof acl === "string" && PUBLIC_CANNED_ACLS.includes(acl)
        ? `acl must not be one of ${PUBLIC_CANNED_ACLS.join(", ")} (found: ${found(acl)})`
        : undefined;
}

function isPublicGrantee(uri: unknown): boolean {
    return typeof uri === "string" && PUBLIC_GRANTEE_URIS.includes(uri.replace(/^https:/, "http:"));
}

export const s3BucketNoPublicAcl: PlatformResourcePolicy = {
    name: "s3-bucket-no-public-acl",
    description: "S3 buckets must not use the public-read, public-read-write or authenticated-read ACLs, nor grant to the AllUsers or AuthenticatedUsers groups.",
    enforcementLevel: "mandatory",
    severity: "critical",
    theme: "exposure",
    anchors: ["CKV_AWS_20", "CKV_AWS_57", "AVD-AWS-0092", "FSBP S3.2", "FSBP S3.3", "aws-s3-bucket-disallow-public-read"],
    remediationSteps: "Remove the public canned ACL and AllUsers/AuthenticatedUsers grants; with BucketOwnerEnforced ownership no ACL is needed at all.",
    validateResource: [
        validateResourceOfType(aws.s3.BucketAcl, (bucketAcl, _args, reportViolation) => {
            const message = cannedAclMessage(bucketAcl.acl);
            if (message) {
                reportViolation(message);
            }
            listOf(bucketAcl.accessControlPolicy?.grants).forEach((grant, i) => {
                if (isPublicGrantee(grant.grantee?.uri)) {
                    reportViolation(`accessControlPolicy.grants[${i}].grantee.uri must not be a public group (found: ${found(grant.grantee?.uri)})`);
                }
            });
        }),
        validateResourceOfType(aws.s3.Bucket, (bucket, _args, reportViolation) => {
            const message = cannedAclMessage(bucket.acl);
            if (message) {
                reportViolation(message);
            }
            listOf(bucket.grants).forEach((grant, i) => {
                if (isPublicGrantee(grant.uri)) {
                    reportViolation(`grants[${i}].uri must not be a public group (found: ${found(grant.uri)})`);
                }
            });
        }),
    ],
};
