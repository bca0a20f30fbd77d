/** The args builder shared by the tests and the gate behaves like the engine's analyzer server. */
import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { validateResourceOfType } from "@pulumi/policy";
import { makeResourceValidationArgs, mergedPolicyConfig, NotApplicableError, runResourcePolicy, runStackPolicy, typeTokenOf } from "../../lib/args";
import { PlatformResourcePolicy, PlatformStackPolicy } from "../../lib/rule";
import { resourceArgs, stackArgs, testUrn, UNKNOWN, violationsOf } from "../helpers";

const metadata = { description: "test policy", severity: "low" as const, theme: "logging" as const, anchors: [], remediationSteps: "none", enforcementLevel: "mandatory" as const };

describe("policy args", () => {
    it("builds resource args with the engine's fields", () => {
        const args = resourceArgs(aws.rds.Instance, { engine: "postgres" }, { name: "db", protect: true });
        assert.equal(args.type, "aws:rds/instance:Instance");
        assert.equal(args.name, "db");
        assert.equal(args.urn, testUrn("aws:rds/instance:Instance", "db"));
        assert.deepEqual(args.opts, { protect: true, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] });
        assert.equal(args.stackTags.size, 0);
        assert.ok(args.isType(aws.rds.Instance));
        assert.ok(!args.isType(aws.rds.Cluster));
        assert.equal(args.asType(aws.rds.Instance)?.engine, "postgres");
        assert.equal(args.asType(aws.rds.Cluster), undefined);
        assert.throws(() => args.notApplicable("no"), NotApplicableError);
    });

    it("accepts a type token for component types", () => {
        assert.equal(typeTokenOf("eks:index:Cluster"), "eks:index:Cluster");
        assert.equal(resourceArgs("eks:index:Cluster", {}).type, "eks:index:Cluster");
    });

    it("drops undefined props, as the engine does", () => {
        const args = resourceArgs(aws.rds.Instance, { engine: undefined, port: 5432 });
        assert.deepEqual(Object.keys(args.props), ["port"]);
    });

    it("throws UnknownValueError when a policy reads an unknown value", () => {
        const args = makeResourceValidationArgs({ type: "aws:rds/instance:Instance", name: "db", urn: "urn", props: { kmsKeyId: UNKNOWN } }, {});
        assert.throws(() => args.props.kmsKeyId, /can't be known during preview/);
    });

    it("merges configSchema defaults under the given config, without enforcementLevel", () => {
        const policy = { ...metadata, name: "test-config", configSchema: { properties: { minimumDays: { type: "integer" as const, default: 7 }, other: { type: "string" as const } } } };
        assert.deepEqual(mergedPolicyConfig(policy, undefined), { minimumDays: 7 });
        assert.deepEqual(mergedPolicyConfig(policy, { enforcementLevel: "advisory", minimumDays: 14 }), { minimumDays: 14 });
    });

    it("hands a policy its merged config through getConfig", async () => {
        const policy: PlatformResourcePolicy = {
            ...metadata,
            name: "test-config-read",
            configSchema: { properties: { minimumDays: { type: "integer", default: 7 } } },
            validateResource: (args, report) => report(`minimumDays=${args.getConfig<{ minimumDays: number }>().minimumDays}`),
        };
        assert.deepEqual(await violationsOf(policy, resourceArgs(aws.rds.Instance, {})), ["minimumDays=7"]);
        assert.deepEqual(await violationsOf(policy, resourceArgs(aws.rds.Instance, {}, { config: { minimumDays: 30 } })), ["minimumDays=30"]);
    });

    it("treats a typed validation of another type as not applicable", async () => {
        const policy: PlatformResourcePolicy = { ...metadata, name: "test-typed", validateResource: validateResourceOfType(aws.rds.Instance, (_p, _a, report) => report("hit")) };
        assert.deepEqual(await runResourcePolicy(policy, resourceArgs(aws.rds.Cluster, {})), []);
        assert.deepEqual(await runResourcePolicy(policy, resourceArgs(aws.rds.Instance, {})), ["hit"]);
    });

    it("keeps violations reported before notApplicable, and propagates other errors", async () => {
        const partial: PlatformResourcePolicy = { ...metadata, name: "test-partial", validateResource: (args, report) => (report("first"), args.notApplicable()) };
        assert.deepEqual(await runResourcePolicy(partial, resourceArgs(aws.rds.Instance, {})), ["first"]);
        const broken: PlatformResourcePolicy = { ...metadata, name: "test-broken", validateResource: () => { throw new Error("boom"); } };
        await assert.rejects(runResourcePolicy(broken, resourceArgs(aws.rds.Instance, {})), /boom/);
    });

    it("resolves parent, dependencies and propertyDependencies between stack resources", async () => {
        const args = stackArgs([
            { type: aws.s3.Bucket, name: "data", props: {} },
            { type: aws.s3.BucketVersioning, name: "data-versioning", props: { bucket: UNKNOWN }, parent: "data", dependsOn: ["data"], propertyDependencies: { bucket: ["data"] } },
        ]);
        const [bucket, versioning] = args.resources;
        assert.equal(versioning.parent, bucket);
        assert.equal(versioning.opts.parent, bucket.urn);
        assert.deepEqual(versioning.dependencies, [bucket]);
        assert.deepEqual(versioning.propertyDependencies.bucket, [bucket]);
        assert.ok(bucket.isType(aws.s3.Bucket));
    });

    it("rejects a stack fixture naming a resource that does not exist", () => {
        assert.throws(() => stackArgs([{ type: aws.s3.BucketVersioning, name: "v", props: {}, propertyDependencies: { bucket: ["missing"] } }]), /no resource named missing/);
    });

    it("reports stack violations with the URN the policy names", async () => {
        const policy: PlatformStackPolicy = { ...metadata, name: "test-stack", validateStack: (args, report) => { report("stack-wide"); report("on one", args.resources[0].urn); } };
        const violations = await runStackPolicy(policy, stackArgs([{ type: aws.s3.Bucket, name: "data", props: {} }]));
        assert.deepEqual(violations, [{ message: "stack-wide" }, { message: "on one", urn: testUrn("aws:s3/bucket:Bucket", "data") }]);
    });
});
