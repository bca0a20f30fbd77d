import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { asList, isWildcardPrincipal, parsePolicyDocument, statementsOf } from "../../lib/iam";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { S3_BUCKET_TYPES } from "../../lib/tokens";

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/** A Deny of every S3 action to everyone: the shape both TLS statements must have. */
function deniesAllS3ToEveryone(statement: any): boolean {
    const actions = asList(statement?.Action);
    return statement?.Effect === "Deny" && isWildcardPrincipal(statement.Principal) && (actions.includes("s3:*") || actions.includes("*"));
}

function conditionValues(statement: any, operator: string, key: string): string[] {
    return asList(statement?.Condition?.[operator]?.[key]).map(String);
}

function deniesInsecureTransport(statement: any): boolean {
    return deniesAllS3ToEveryone(statement) && conditionValues(statement, "Bool", "aws:SecureTransport").includes("false");
}

function deniesTlsBelow12(statement: any): boolean {
    return deniesAllS3ToEveryone(statement) && conditionValues(statement, "NumericLessThan", "s3:TlsVersion").some((v) => Number(v) >= 1.2);
}

function policyProblems(bucketPolicy: PolicyResource): string[] {
    // Read outside the try: an unknown policy must surface as UnknownValueError, not as a parse failure.
    const policy = bucketPolicy.props.policy;
    let statements: any[];
    try {
        statements = statementsOf(parsePolicyDocument(policy));
    } catch {
        return ["policy must be a valid JSON bucket policy (found: a document that does not parse)"];
    }
    const problems: string[] = [];
    if (!statements.some(deniesInsecureTransport)) {
        problems.push("policy must Deny s3:* to Principal \"*\" when Bool aws:SecureTransport is \"false\" (found: no such statement)");
    }
    if (!statements.some(deniesTlsBelow12)) {
        problems.push("policy must Deny s3:* to Principal \"*\" when NumericLessThan s3:TlsVersion is 1.2 (found: no such statement)");
    }
    return problems;
}

/**
 * S3 accepts plaintext HTTP and TLS 1.0/1.1 unless the bucket policy refuses them, so every bucket
 * needs a BucketPolicy with both deny statements.
 */
export const s3BucketPolicyTlsOnly: PlatformStackPolicy = {
    name: "s3-bucket-policy-tls-only",
    description: "Every S3 bucket must have a BucketPolicy that denies requests without TLS (aws:SecureTransport = false) and with TLS below 1.2 (s3:TlsVersion < 1.2).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "tls",
    anchors: ["CKV_AWS_379", "FSBP S3.5"],
    remediationSteps: "Attach an aws.s3.BucketPolicy (bucket: bucket.id) with two Deny statements for Principal \"*\", Action \"s3:*\" on the bucket and its objects: Condition { Bool: { \"aws:SecureTransport\": \"false\" } } and { NumericLessThan: { \"s3:TlsVersion\": \"1.2\" } }.",
    validateStack: (args, reportViolation) => {
        const bucketPolicies = args.resources.filter((r) => r.isType(aws.s3.BucketPolicy));
        for (const bucket of args.resources.filter((r) => S3_BUCKET_TYPES.includes(r.type))) {
            if (companionsOf(bucket, bucketPolicies, [BUCKET_POLICY], "bucket", "bucket").length === 0) {
                reportViolation(`bucket ${bucket.name} has no BucketPolicy denying non-TLS and pre-TLS-1.2 requests (found: none)`, bucket.urn);
            }
        }
        for (const bucketPolicy of bucketPolicies) {
            for (const problem of policyProblems(bucketPolicy)) {
                reportViolation(problem, bucketPolicy.urn);
            }
        }
    },
};
