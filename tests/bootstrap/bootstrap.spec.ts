/** bootstrap/: the state backend, secrets key and CI roles of an environment account, synthesized offline. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseBootstrapConfig } from "../../bootstrap/config";
import { backendStrings, DEPLOY_ROLE_NAME, PLAN_ROLE_NAME, READ_ONLY_ACCESS } from "../../bootstrap/stateBackend";
import { runPolicyGate } from "../../offline/policyGate";
import { evaluatePolicies } from "../../policy/evaluate";
import { revealSecrets } from "../../offline/secrets";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { documentsAllow, rolePermissions } from "../support/iamAccess";
import { bootstrapConfig, ofType, single, STACKS, synthesizeBootstrap } from "../support/synthesis";

const ACCOUNT = "333344445555";
const BUCKET = `platform-prod-use1-pulumi-state-${ACCOUNT}`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const LOG_BUCKET_ARN = `arn:aws:s3:::platform-prod-use1-pulumi-state-logs-${ACCOUNT}`;
const json = (value: unknown) => JSON.parse(revealSecrets(value) as string);
const rawOf = (stack: string, overrides: Record<string, unknown> = {}) =>
    Object.fromEntries(
        Object.entries(bootstrapConfig(stack, overrides))
            .filter(([k]) => k.startsWith("bootstrap:"))
            .map(([k, v]) => [k.slice("bootstrap:".length), v]),
    );

describe("bootstrap: configuration", () => {
    for (const stack of STACKS) {
        it(`${stack}: the stack file validates, in its platform stack's account and primary region`, () => {
            const config = parseBootstrapConfig(rawOf(stack));
            const platform = parse(fs.readFileSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`), "utf8")).config;
            assert.strictEqual(config.awsAccountId, platform["platform:awsAccountId"]);
            assert.strictEqual(config.region, platform["platform:regions"][0].name);
            assert.strictEqual(config.environment, platform["platform:environment"]);
            // The roles bootstrap creates are the ones the platform stack names.
            assert.strictEqual(platform["platform:clusterCreatorRoleArn"], `arn:aws:iam::${config.awsAccountId}:role/${DEPLOY_ROLE_NAME}`);
            assert.ok(platform["platform:clusterViewerRoleArns"].includes(`arn:aws:iam::${config.awsAccountId}:role/${PLAN_ROLE_NAME}`));
        });
    }

    it("the platform stack files' secrets provider is the string bootstrap outputs", () => {
        for (const stack of STACKS) {
            const config = parseBootstrapConfig(rawOf(stack));
            const platform = parse(fs.readFileSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`), "utf8"));
            assert.strictEqual(platform.secretsprovider, backendStrings({ environment: stack, region: config.region, bucket: "b" }).secretsProvider);
        }
    });

    it("names every bad key at once; unknown keys are errors", () => {
        assert.throws(
            () => parseBootstrapConfig({ ...rawOf("dev"), region: "mars-1", adminRoleArns: [], stateVersionRetentionDays: 1, typo: 1 }),
            (e: Error) =>
                /4 problems; nothing was registered/.test(e.message) &&
                /bootstrap:region: expected an AWS region/.test(e.message) &&
                /bootstrap:adminRoleArns: expected at least one admin role/.test(e.message) &&
                /bootstrap:stateVersionRetentionDays/.test(e.message) &&
                /bootstrap:typo: unknown key/.test(e.message),
        );
    });

    it("refuses admins or a provider of another account", () => {
        assert.throws(() => parseBootstrapConfig({ ...rawOf("dev"), adminRoleArns: ["arn:aws:iam::999999999999:role/admin"] }), /not in account 111122223333/);
    });

    it("backend strings: exact login URL and secrets provider", () => {
        assert.deepStrictEqual(backendStrings({ environment: "prod", region: "us-east-1", bucket: BUCKET }), {
            loginUrl: `s3://${BUCKET}?region=us-east-1`,
            secretsProvider: "awskms://alias/platform/prod/pulumi-state?region=us-east-1",
            loginCommand: `pulumi login 's3://${BUCKET}?region=us-east-1'`,
            stackInitCommand: "pulumi stack init prod --secrets-provider 'awskms://alias/platform/prod/pulumi-state?region=us-east-1'",
        });
    });
});

describe("bootstrap: synthesis", () => {
    let prod: SynthesisResult;
    before(async function () {
        this.timeout(60_000);
        prod = await synthesizeBootstrap("prod");
    });
    const roleNamed = (r: SynthesisResult, name: string) => ofType(r, "aws:iam/role:Role").find((x) => x.inputs.name === name) as SynthesizedResource;

    it("outputs the exact pulumi login URL and --secrets-provider string", () => {
        assert.strictEqual(prod.outputs.loginUrl, `s3://${BUCKET}?region=us-east-1`);
        assert.strictEqual(prod.outputs.secretsProvider, "awskms://alias/platform/prod/pulumi-state?region=us-east-1");
        assert.strictEqual(prod.outputs.stateBucket, BUCKET);
    });

    it("the whole policy pack, every rule mandatory (bootstrap/policy-config.json), reports nothing", async () => {
        const config = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "bootstrap", "policy-config.json"), "utf8"));
        const violations = await evaluatePolicies(prod.resources, { stack: "prod", config });
        assert.deepStrictEqual(violations.map((v) => `${v.policy}: ${v.message}`), []);
        // The one rule it switches off asks the platform stack for restore drills, which this project has no data for.
        assert.deepStrictEqual(Object.keys(config).sort(), ["all", "stack-restore-testing"]);
    });

    it("with prod's own policy config, only that platform-wide rule objects", async () => {
        const gate = await runPolicyGate(prod, PROJECT_ROOT);
        assert.deepStrictEqual([...new Set(gate.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy))], ["stack-restore-testing"]);
    });

    it("state bucket: versioned, SSE-KMS under the state key with bucket keys, public access blocked, TLS-only, logged, protected", () => {
        const bucket = ofType(prod, "aws:s3/bucket:Bucket").find((b) => b.inputs.bucket === BUCKET)!;
        assert.strictEqual(bucket.options.protect, true);
        const companion = (type: string) => ofType(prod, type).find((r) => (r.propertyDependencies.bucket ?? []).includes(bucket.urn))!;
        assert.strictEqual(companion("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status, "Enabled");
        const [rule] = companion("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules;
        assert.strictEqual(rule.applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
        const key = single(prod, "aws:kms/key:Key");
        assert.strictEqual(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId, key.outputs?.arn);
        assert.strictEqual(rule.bucketKeyEnabled, true);
        const pab = companion("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
        assert.deepStrictEqual([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [true, true, true, true]);
        const logging = companion("aws:s3/bucketLogging:BucketLogging").inputs;
        assert.strictEqual(logging.targetBucket, `platform-prod-use1-pulumi-state-logs-${ACCOUNT}`);
        const policy = json(companion("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        const tls = policy.Statement.find((s: any) => s.Sid === "DenyInsecureTransport");
        assert.deepStrictEqual(tls.Condition, { Bool: { "aws:SecureTransport": "false" } });
        const lifecycle = companion("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules;
        assert.ok(lifecycle.some((r: any) => r.noncurrentVersionExpiration?.noncurrentDays === 365), JSON.stringify(lifecycle));
    });

    it("only the admins (and root) may delete state versions, suspend versioning or delete the bucket", () => {
        const bucket = ofType(prod, "aws:s3/bucket:Bucket").find((b) => b.inputs.bucket === BUCKET)!;
        const policy = json(ofType(prod, "aws:s3/bucketPolicy:BucketPolicy").find((r) => (r.propertyDependencies.bucket ?? []).includes(bucket.urn))!.inputs.policy);
        const guard = policy.Statement.find((s: any) => s.Sid === "OnlyAdminsMayDestroyState");
        assert.strictEqual(guard.Effect, "Deny");
        for (const action of ["s3:DeleteObjectVersion", "s3:PutBucketVersioning", "s3:DeleteBucket", "s3:PutLifecycleConfiguration"]) {
            assert.ok(guard.Action.includes(action), action);
        }
        assert.deepStrictEqual(guard.Condition.StringNotLike["aws:PrincipalArn"], [`arn:aws:iam::${ACCOUNT}:role/platform-admin`, `arn:aws:iam::${ACCOUNT}:root`]);
    });

    it("state key: alias platform/<env>/pulumi-state, rotating; plan decrypts; deploy decrypts and writes through S3 only; no one else named", () => {
        const key = single(prod, "aws:kms/key:Key");
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        assert.strictEqual(key.options.protect, true);
        assert.strictEqual(single(prod, "aws:kms/alias:Alias").inputs.name, "alias/platform/prod/pulumi-state");
        const statements = json(key.inputs.policy).Statement;
        const principals = statements.map((s: any) => s.Principal.AWS).sort();
        assert.deepStrictEqual(principals, [
            `arn:aws:iam::${ACCOUNT}:role/${DEPLOY_ROLE_NAME}`,
            `arn:aws:iam::${ACCOUNT}:role/${DEPLOY_ROLE_NAME}`,
            `arn:aws:iam::${ACCOUNT}:role/${PLAN_ROLE_NAME}`,
            `arn:aws:iam::${ACCOUNT}:root`,
        ]);
        const plan = statements.find((s: any) => s.Principal.AWS.endsWith(PLAN_ROLE_NAME));
        assert.deepStrictEqual(plan.Action, ["kms:Decrypt", "kms:DescribeKey"]);
        const write = statements.find((s: any) => s.Action === "kms:GenerateDataKey");
        assert.deepStrictEqual(write.Condition, { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
        // KMS refuses a policy naming roles that do not exist yet.
        for (const name of [PLAN_ROLE_NAME, DEPLOY_ROLE_NAME]) {
            assert.ok(key.options.dependsOn.includes(roleNamed(prod, name).urn), name);
        }
    });

    it("creates the account's GitHub OIDC provider (audience sts.amazonaws.com) unless one is configured", async () => {
        const provider = single(prod, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        assert.strictEqual(provider.inputs.url, "https://token.actions.githubusercontent.com");
        assert.deepStrictEqual(provider.inputs.clientIdLists, ["sts.amazonaws.com"]);
        const existing = await synthesizeBootstrap("dev", { githubOidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" });
        assert.strictEqual(ofType(existing, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 0);
        const trust = json(roleNamed(existing, PLAN_ROLE_NAME).inputs.assumeRolePolicy);
        assert.strictEqual(trust.Statement[0].Principal.Federated, "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com");
    });

    it("plan role: trusted only by the platform repository's pull requests; can read state and decrypt, cannot write anything", () => {
        const role = roleNamed(prod, PLAN_ROLE_NAME);
        const trust = json(role.inputs.assumeRolePolicy).Statement[0].Condition.StringEquals;
        assert.deepStrictEqual(trust, { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:example-org/platform:pull_request" });
        const { documents, awsManagedPolicyArns } = rolePermissions(prod, role);
        // AWS's ReadOnlyAccess grants only List/Get/Describe-style actions; it is the only managed policy.
        assert.deepStrictEqual(awsManagedPolicyArns, [READ_ONLY_ACCESS]);
        assert.ok(documentsAllow(documents, "s3:GetObject", `${BUCKET_ARN}/.pulumi/stacks/platform/prod.json`));
        assert.ok(documentsAllow(documents, "kms:Decrypt", single(prod, "aws:kms/key:Key").outputs!.arn));
        for (const [action, resource] of [
            ["s3:PutObject", `${BUCKET_ARN}/.pulumi/stacks/platform/prod.json`],
            ["s3:PutObject", `${BUCKET_ARN}/.pulumi/locks/platform/prod/x.json`],
            ["s3:DeleteObject", `${BUCKET_ARN}/x`],
            ["kms:Encrypt", single(prod, "aws:kms/key:Key").outputs!.arn],
            ["kms:GenerateDataKey", single(prod, "aws:kms/key:Key").outputs!.arn],
            ["iam:CreateRole", "*"],
            ["ec2:RunInstances", "*"],
        ]) {
            assert.ok(!documentsAllow(documents, action, resource), `${action} ${resource}`);
        }
    });

    it("deploy role: trusted only by the deploy job in its GitHub environment; writes state; can never weaken the backend or rewrite CI's roles", () => {
        const role = roleNamed(prod, DEPLOY_ROLE_NAME);
        const trust = json(role.inputs.assumeRolePolicy).Statement[0].Condition.StringEquals;
        assert.strictEqual(trust["token.actions.githubusercontent.com:sub"], "repo:example-org/platform:environment:prod");
        const { documents, awsManagedPolicyArns } = rolePermissions(prod, role);
        assert.deepStrictEqual(awsManagedPolicyArns, ["arn:aws:iam::aws:policy/AdministratorAccess"]);
        // Evaluate as if the managed policy allowed everything: the explicit denies must still hold.
        const withAdmin = [...documents, { Statement: [{ Effect: "Allow" as const, Action: "*", Resource: "*" }] }];
        assert.ok(documentsAllow(withAdmin, "s3:PutObject", `${BUCKET_ARN}/.pulumi/locks/platform/prod/x.json`));
        const keyArn = single(prod, "aws:kms/key:Key").outputs!.arn;
        for (const [action, resource] of [
            ["s3:DeleteBucket", BUCKET_ARN],
            ["s3:PutBucketVersioning", BUCKET_ARN],
            ["s3:DeleteObjectVersion", `${BUCKET_ARN}/.pulumi/stacks/platform/prod.json`],
            ["s3:PutBucketPolicy", LOG_BUCKET_ARN],
            ["kms:ScheduleKeyDeletion", keyArn],
            ["kms:PutKeyPolicy", keyArn],
            ["iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/${DEPLOY_ROLE_NAME}`],
            ["iam:UpdateAssumeRolePolicy", `arn:aws:iam::${ACCOUNT}:role/${PLAN_ROLE_NAME}`],
        ]) {
            assert.ok(!documentsAllow(withAdmin, action, resource), `${action} ${resource}`);
        }
        assert.strictEqual(role.inputs.maxSessionDuration, 14400);
    });
});
