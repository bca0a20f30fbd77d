/**
 * S3 buckets: naming, policy statements and lifecycle rules as pure functions; the synthesized buckets of
 * every region with their v7 companion resources (joined through `bucket: bucket.id`); bad lifecycle
 * config rejected with the key named.
 */
import * as assert from "assert";
import { accessLogDeliveryStatement, bucketArn, bucketName, BUCKET_PROFILES, lifecycleRules, tlsOnlyStatements } from "../../components/datastores/buckets";
import { validateConfig } from "../../config";
import { BUCKET_PURPOSES, BucketPurpose, bucketLifecycleProblems } from "../../config/sections/datastores/buckets";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { assertConfigProblem, keyBehind, sourceOf, stackConfig } from "./support";
import { dependentsOf, ofType, single, STACKS, synthesizeStack } from "../support/synthesis";

const BUCKET = "aws:s3/bucket:Bucket";
const ACCOUNTS: Record<string, string> = { dev: "111122223333", staging: "222233334444", prod: "333344445555" };
const REGIONS: Record<string, Array<[string, string]>> = {
    dev: [["us-east-1", "use1"]],
    staging: [["us-east-1", "use1"]],
    prod: [
        ["us-east-1", "use1"],
        ["us-west-2", "usw2"],
    ],
};

/** The one companion of `type` whose `bucket` input is the bucket. */
function companion(result: SynthesisResult, bucket: SynthesizedResource, type: string): SynthesizedResource {
    const matches = dependentsOf(result, bucket, "bucket").filter((r) => r.type === type);
    assert.strictEqual(matches.length, 1, `${bucket.name}: expected one ${type}, found ${matches.length}`);
    return matches[0];
}

function bucketFor(result: SynthesisResult, code: string, purpose: BucketPurpose): SynthesizedResource {
    return single(result, BUCKET, `-${code}-buckets-${BUCKET_PROFILES[purpose].slug}-bucket`);
}

describe("buckets: pure rules", () => {
    it("names buckets platform-<env>-<regioncode>-<purpose>-<account>, within 63 characters", () => {
        assert.strictEqual(
            bucketName({ environment: "prod", region: "us-east-1", purpose: "documents", accountId: "333344445555" }),
            "platform-prod-use1-documents-333344445555",
        );
        assert.strictEqual(
            bucketName({ environment: "staging", region: "ap-southeast-2", purpose: "access-logs", accountId: "222233334444" }),
            "platform-staging-apse2-access-logs-222233334444",
        );
        // The longest environment the config allows still fits with the longest purpose.
        assert.ok(bucketName({ environment: "abcdefghijkl", region: "ap-northeast-3", purpose: "access-logs", accountId: "123456789012" }).length <= 63);
        assert.throws(
            () => bucketName({ environment: "prod", region: "us-east-1", purpose: "a-purpose-name-that-is-much-too-long-to-fit", accountId: "333344445555" }),
            /characters; S3 allows 63/,
        );
        assert.throws(() => bucketName({ environment: "Prod", region: "us-east-1", purpose: "documents", accountId: "333344445555" }), /lower-case/);
    });

    it("denies non-TLS and pre-1.2 TLS requests for everyone on the bucket and its objects", () => {
        const arn = bucketArn("b");
        const [insecure, oldTls] = tlsOnlyStatements(arn);
        for (const statement of [insecure, oldTls]) {
            assert.strictEqual(statement.Effect, "Deny");
            assert.strictEqual(statement.Principal, "*");
            assert.strictEqual(statement.Action, "s3:*");
            assert.deepStrictEqual(statement.Resource, ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]);
        }
        assert.deepStrictEqual(insecure.Condition, { Bool: { "aws:SecureTransport": "false" } });
        assert.deepStrictEqual(oldTls.Condition, { NumericLessThan: { "s3:TlsVersion": "1.2" } });
    });

    it("lets only S3 logging of this account's named buckets write access logs", () => {
        const statement = accessLogDeliveryStatement({ logBucketArn: "arn:aws:s3:::logs", sourceBucketArns: ["arn:aws:s3:::a"], accountId: "111122223333" });
        assert.deepStrictEqual(statement.Principal, { Service: "logging.s3.amazonaws.com" });
        assert.strictEqual(statement.Action, "s3:PutObject");
        assert.strictEqual(statement.Resource, "arn:aws:s3:::logs/*");
        assert.deepStrictEqual(statement.Condition, { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": ["arn:aws:s3:::a"] } });
    });

    it("builds v7 lifecycle rules: transitions, noncurrent expiry, delete-marker clean-up, multipart abort", () => {
        const rules = lifecycleRules({
            transitionToStandardIaDays: 90,
            transitionToGlacierIrDays: 365,
            noncurrentVersionTransitionToStandardIaDays: 30,
            noncurrentVersionExpirationDays: 400,
            newerNoncurrentVersionsToKeep: 5,
            abortIncompleteMultipartUploadDays: 7,
        });
        const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
        assert.ok(rules.every((r) => r.status === "Enabled" && JSON.stringify(r.filter) === "{}" && r.prefix === undefined), "whole-bucket rules via an empty filter");
        assert.deepStrictEqual(byId["current-versions"].transitions, [
            { days: 90, storageClass: "STANDARD_IA" },
            { days: 365, storageClass: "GLACIER_IR" },
        ]);
        assert.deepStrictEqual(byId["current-versions"].expiration, { expiredObjectDeleteMarker: true });
        assert.deepStrictEqual(byId["noncurrent-versions"].noncurrentVersionTransitions, [{ noncurrentDays: 30, storageClass: "STANDARD_IA" }]);
        assert.deepStrictEqual(byId["noncurrent-versions"].noncurrentVersionExpiration, { noncurrentDays: 400, newerNoncurrentVersions: 5 });
        assert.deepStrictEqual(byId["abort-incomplete-multipart-uploads"].abortIncompleteMultipartUpload, { daysAfterInitiation: 7 });

        const logs = lifecycleRules({ expirationDays: 90, noncurrentVersionExpirationDays: 7, abortIncompleteMultipartUploadDays: 1 });
        assert.deepStrictEqual(logs[0].expiration, { days: 90 });
        assert.deepStrictEqual(logs[0].transitions, []);
    });

    it("checks lifecycle ordering", () => {
        assert.deepStrictEqual(bucketLifecycleProblems("documents", { transitionToStandardIaDays: 30, transitionToGlacierIrDays: 90, noncurrentVersionExpirationDays: 30, abortIncompleteMultipartUploadDays: 7 }), []);
        const problems = bucketLifecycleProblems("documents", {
            transitionToStandardIaDays: 90,
            transitionToGlacierIrDays: 100,
            expirationDays: 60,
            noncurrentVersionTransitionToStandardIaDays: 30,
            noncurrentVersionExpirationDays: 30,
            abortIncompleteMultipartUploadDays: 7,
        });
        assert.deepStrictEqual(
            problems.map((p) => p.path.join(".")),
            ["buckets.documents.transitionToGlacierIrDays", "buckets.documents.expirationDays", "buckets.documents.noncurrentVersionExpirationDays"],
        );
    });
});

describe("buckets: synthesized", () => {
    for (const stack of STACKS) {
        const config = validateConfig(stackConfig(stack));
        const protect = config.protectStatefulResources;
        for (const [region, code] of REGIONS[stack]) {
            describe(`${stack}/${region}`, () => {
                it("has exactly the documents, assets and access-log buckets, named per account and region, tagged by purpose", async () => {
                    const result = await synthesizeStack(stack);
                    // Tempo's traces bucket (selfHosted observability) is the observability module's, tested there.
                    const buckets = ofType(result, BUCKET).filter((b) => b.region === region && !b.name.endsWith("-observability-traces-bucket"));
                    assert.strictEqual(buckets.length, 3);
                    for (const purpose of BUCKET_PURPOSES) {
                        const bucket = bucketFor(result, code, purpose);
                        const profile = BUCKET_PROFILES[purpose];
                        assert.strictEqual(bucket.inputs.bucket, `platform-${stack}-${code}-${profile.slug}-${ACCOUNTS[stack]}`);
                        // The backup plan selects the primary region's documents bucket by tag (components/dr/backup.ts).
                        const backedUp = purpose === "documents" && config.backup !== undefined && config.regions.find((r) => r.name === region)?.role === "primary";
                        assert.deepStrictEqual(bucket.inputs.tags, {
                            service: profile.slug,
                            "data-classification": profile.dataClassification,
                            ...(backedUp ? { "backup-plan": `${stack}-platform` } : {}),
                        });
                    }
                    assert.strictEqual(bucketFor(result, code, "documents").inputs.tags["data-classification"], "pii");
                });

                it("every bucket: versioning Enabled, all four public-access blocks, ACLs disabled, lifecycle from config", async () => {
                    const result = await synthesizeStack(stack);
                    for (const purpose of BUCKET_PURPOSES) {
                        const bucket = bucketFor(result, code, purpose);
                        assert.deepStrictEqual(companion(result, bucket, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration, { status: "Enabled" });
                        const block = companion(result, bucket, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
                        assert.deepStrictEqual(
                            [block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets],
                            [true, true, true, true],
                        );
                        assert.deepStrictEqual(companion(result, bucket, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
                        const lifecycle = companion(result, bucket, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
                        assert.deepStrictEqual(lifecycle.inputs.rules, JSON.parse(JSON.stringify(lifecycleRules(config.buckets[purpose]))));
                        assert.ok(lifecycle.options.dependsOn.includes(companion(result, bucket, "aws:s3/bucketVersioning:BucketVersioning").urn), "lifecycle after versioning");
                    }
                });

                it("documents and assets: SSE-KMS with the region's S3 key and bucket keys; access logs: SSE-S3 (what log delivery supports)", async () => {
                    const result = await synthesizeStack(stack);
                    for (const purpose of ["documents", "assets"] as const) {
                        const sse = companion(result, bucketFor(result, code, purpose), "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
                        const [rule] = sse.inputs.rules;
                        assert.strictEqual(rule.applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
                        assert.strictEqual(rule.bucketKeyEnabled, true);
                        assert.strictEqual(keyBehind(result, sse, "rules"), `${region}/s3`);
                    }
                    const logSse = companion(result, bucketFor(result, code, "accessLogs"), "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
                    assert.deepStrictEqual(logSse.inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
                });

                it("every bucket's policy denies non-TLS and TLS < 1.2; the log bucket's also admits S3 log delivery from this account", async () => {
                    const result = await synthesizeStack(stack);
                    for (const purpose of BUCKET_PURPOSES) {
                        const bucket = bucketFor(result, code, purpose);
                        const policyResource = companion(result, bucket, "aws:s3/bucketPolicy:BucketPolicy");
                        const policy = JSON.parse(policyResource.inputs.policy);
                        const arn = `arn:aws:s3:::${bucket.inputs.bucket}`;
                        assert.deepStrictEqual(policy.Statement.slice(0, 2), JSON.parse(JSON.stringify(tlsOnlyStatements(arn))));
                        const block = companion(result, bucket, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
                        assert.ok(policyResource.options.dependsOn.includes(block.urn), "policy after the public access block");
                        const allows = policy.Statement.filter((s: any) => s.Effect === "Allow");
                        if (purpose === "accessLogs") {
                            // S3 server access logs, then the gateway NLB's access logs (delivery.logs: PutObject under its prefix, GetBucketAcl).
                            assert.strictEqual(allows.length, 3);
                            assert.deepStrictEqual(allows[0].Principal, { Service: "logging.s3.amazonaws.com" });
                            assert.deepStrictEqual(
                                allows.slice(1).map((s: any) => [s.Principal.Service, s.Action, s.Resource, s.Condition.StringEquals["aws:SourceAccount"]]),
                                [
                                    ["delivery.logs.amazonaws.com", "s3:PutObject", `${arn}/gateway-nlb/AWSLogs/${ACCOUNTS[stack]}/*`, ACCOUNTS[stack]],
                                    ["delivery.logs.amazonaws.com", "s3:GetBucketAcl", arn, ACCOUNTS[stack]],
                                ],
                            );
                            assert.strictEqual(allows[0].Condition.StringEquals["aws:SourceAccount"], ACCOUNTS[stack]);
                            // Plus Tempo's traces bucket when observability is self-hosted (it logs here too).
                            const logged = ["documents", "assets", ...(config.observability?.mode === "selfHosted" ? ["traces"] : [])];
                            assert.deepStrictEqual(
                                allows[0].Condition.ArnLike["aws:SourceArn"],
                                logged.map((p) => `arn:aws:s3:::platform-${stack}-${code}-${p}-${ACCOUNTS[stack]}`),
                            );
                        } else {
                            assert.deepStrictEqual(allows, []);
                        }
                    }
                });

                it("documents and assets log to the access-log bucket under their own partitioned prefix; the log bucket does not log", async () => {
                    const result = await synthesizeStack(stack);
                    const logBucket = bucketFor(result, code, "accessLogs");
                    const logPolicy = companion(result, logBucket, "aws:s3/bucketPolicy:BucketPolicy");
                    for (const purpose of ["documents", "assets"] as const) {
                        const logging = companion(result, bucketFor(result, code, purpose), "aws:s3/bucketLogging:BucketLogging");
                        assert.strictEqual(sourceOf(result, logging, "targetBucket", BUCKET).urn, logBucket.urn);
                        assert.strictEqual(logging.inputs.targetPrefix, `${purpose}/`);
                        assert.deepStrictEqual(logging.inputs.targetObjectKeyFormat, { partitionedPrefix: { partitionDateSource: "DeliveryTime" } });
                        assert.ok(logging.options.dependsOn.includes(logPolicy.urn), "logging waits for the delivery grant");
                    }
                    assert.deepStrictEqual(dependentsOf(result, logBucket, "bucket").filter((r) => r.type === "aws:s3/bucketLogging:BucketLogging"), []);
                });

                it(`buckets ${protect ? "are protected and retained on delete, never force-destroyed" : "are unprotected and may be emptied on destroy"}`, async () => {
                    const result = await synthesizeStack(stack);
                    for (const purpose of BUCKET_PURPOSES) {
                        const bucket = bucketFor(result, code, purpose);
                        assert.deepStrictEqual([bucket.options.protect, bucket.options.retainOnDelete, bucket.inputs.forceDestroy], [protect, protect, !protect]);
                    }
                });
            });
        }
    }

    it("exports bucket names for operators", async () => {
        const result = await synthesizeStack("prod");
        // Plain names, whatever else in the region outputs is secret.
        const names = revealSecrets(result.outputs).regions.map((r: any) => r.dataStores.buckets.documents);
        assert.deepStrictEqual(names, ["platform-prod-use1-documents-333344445555", "platform-prod-usw2-documents-333344445555"]);
    });
});

describe("buckets: bad config is rejected with the key named", () => {
    const withLifecycle = (purpose: BucketPurpose, patch: Record<string, unknown>) => {
        const raw = stackConfig("prod");
        return { ...raw, buckets: { ...raw.buckets, [purpose]: { ...raw.buckets[purpose], ...patch } } };
    };

    it("a STANDARD_IA transition earlier than S3 allows", () => {
        assertConfigProblem(withLifecycle("documents", { transitionToStandardIaDays: 7 }), "platform:buckets.documents.transitionToStandardIaDays", />=30.*found 7/);
    });

    it("a GLACIER_IR transition less than 30 days after STANDARD_IA", () => {
        assertConfigProblem(withLifecycle("documents", { transitionToGlacierIrDays: 100 }), "platform:buckets.documents.transitionToGlacierIrDays", /100 is less than 30 days after transitionToStandardIaDays 90/);
    });

    it("an expiry before the last transition", () => {
        assertConfigProblem(withLifecycle("accessLogs", { expirationDays: 60 }), "platform:buckets.accessLogs.expirationDays", /60 is not after the last transition \(day 90\)/);
    });

    it("a missing noncurrent-version expiry, an unknown bucket and an unknown key", () => {
        const raw = withLifecycle("assets", {});
        delete raw.buckets.assets.noncurrentVersionExpirationDays;
        assertConfigProblem(raw, "platform:buckets.assets.noncurrentVersionExpirationDays", /required but missing/);
        const extra = stackConfig("prod");
        extra.buckets.backups = extra.buckets.assets;
        assertConfigProblem(extra, "platform:buckets.backups", /unknown key/);
        assertConfigProblem(withLifecycle("documents", { expireAfterDays: 5 }), "platform:buckets.documents.expireAfterDays", /unknown key/);
    });
});
