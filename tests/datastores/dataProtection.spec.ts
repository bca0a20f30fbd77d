/**
 * Loses no data, and says what data it holds. Read from the offline preview's JSON document (what
 * `npm run preview -- <stack> --json` writes), by resource type, so it covers every component that exists:
 * - where `protectStatefulResources` is on (staging, prod) every stateful resource is `protect`ed, and
 *   buckets and keys are also `retainOnDelete`; where it is off (dev) nothing is — a capability flag,
 *   shown by switching it off in staging;
 * - database and cache deletion keeps a final snapshot where protected;
 * - data resources carry `service` and `data-classification` tags (pii for Postgres, documents, Atlas),
 *   and every AWS provider carries env/owner/cost-center default tags.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { KEY_PURPOSES } from "../../components/secrets/keys";
import { toJsonDocument } from "../../offline/render";
import { SynthesisResult } from "../../offline/types";
import { stackConfig, stagingVariant } from "./support";
import { STACKS, synthesizeStack } from "../support/synthesis";

interface PreviewResource {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    custom: boolean;
    provider?: string;
    inputs: Record<string, any>;
    options: { protect: boolean; retainOnDelete: boolean };
}

/** Resources that hold data or keys: losing one loses data. */
const STATEFUL_TYPES = [
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:kms/key:Key",
    "aws:ecr/repository:Repository",
    "aws:secretsmanager/secret:Secret",
    "aws:dynamodb/table:Table",
    "aws:efs/fileSystem:FileSystem",
    "mongodbatlas:index/advancedCluster:AdvancedCluster",
    "mongodbatlas:index/cluster:Cluster",
];
/** Deleting these from the program must leave them in the account. */
const RETAINED_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:kms/key:Key", "aws:ecr/repository:Repository"];
/** Components whose resources hold or guard data. */
const DATA_COMPONENTS = ["platform:datastores:Postgres", "platform:datastores:Redis", "platform:datastores:Buckets"];

function previewDocument(result: SynthesisResult): PreviewResource[] {
    // Round-trip through JSON: exactly what the preview writes to disk.
    return JSON.parse(JSON.stringify(toJsonDocument(result, []))).resources;
}

async function preview(stack: string, overrides?: Record<string, unknown>): Promise<PreviewResource[]> {
    return previewDocument(await synthesizeStack(stack, overrides));
}

const stateful = (resources: PreviewResource[]) => resources.filter((r) => STATEFUL_TYPES.includes(r.type));
const count = (resources: PreviewResource[], type: string) => resources.filter((r) => r.type === type).length;

/** True when the AWS resource type's Args in the provider typings accept `tags` (read once per type). */
const taggable = new Map<string, boolean>();
function acceptsTags(type: string): boolean {
    if (!taggable.has(type)) {
        const [pkg, modulePath, className] = type.split(":");
        const file = path.join(__dirname, "..", "..", "node_modules", "@pulumi", pkg, `${modulePath}.d.ts`);
        const typings = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
        const args = new RegExp(`export interface ${className}Args \\{([\\s\\S]*?)\\n\\}`).exec(typings)?.[1] ?? "";
        taggable.set(type, /\n {4}tags\?:/.test(args));
    }
    return taggable.get(type)!;
}

function descendantsOf(resources: PreviewResource[], componentType: string): PreviewResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    return resources.filter((r) => {
        for (let p = r.parent ? byUrn.get(r.parent) : undefined; p; p = p.parent ? byUrn.get(p.parent) : undefined) {
            if (p.type === componentType) {
                return true;
            }
        }
        return false;
    });
}

describe("data protection: nothing stateful can be deleted by accident", () => {
    for (const stack of ["staging", "prod"] as const) {
        it(`${stack}: every stateful resource is protected; buckets and keys are retained on delete`, async () => {
            const resources = await preview(stack);
            const holders = stateful(resources);
            // Guard against passing vacuously: the stores this stack must have are all there.
            const config = stackConfig(stack);
            const regions = config.regions.length;
            assert.strictEqual(count(holders, "aws:rds/instance:Instance"), regions, "the primary and, per secondary region, its replica");
            assert.strictEqual(count(holders, "aws:elasticache/replicationGroup:ReplicationGroup"), config.redis.inSecondaryRegions ? regions : 1);
            // Documents, assets, access logs, and Tempo's traces bucket with self-hosted observability.
            assert.strictEqual(count(holders, "aws:s3/bucket:Bucket"), (config.observability?.mode === "selfHosted" ? 4 : 3) * regions);
            // One key per purpose per region, plus Karpenter's interruption queue key where Karpenter runs.
            const karpenterKeys = config.nodeAutoscaling?.mode === "karpenter" ? regions : 0;
            assert.strictEqual(count(holders, "aws:kms/key:Key"), KEY_PURPOSES.length * regions + karpenterKeys);
            assert.ok(count(holders, "aws:secretsmanager/secret:Secret") >= 1);

            const unprotected = holders.filter((r) => r.options.protect !== true).map((r) => `${r.type} ${r.name}`);
            assert.deepStrictEqual(unprotected, [], "stateful resources without protect");
            const notRetained = holders.filter((r) => RETAINED_TYPES.includes(r.type) && r.options.retainOnDelete !== true).map((r) => `${r.type} ${r.name}`);
            assert.deepStrictEqual(notRetained, [], "buckets and keys without retainOnDelete");
        });

        it(`${stack}: deleting a database or cache keeps a final snapshot; the database refuses deletion`, async () => {
            const resources = await preview(stack);
            for (const instance of resources.filter((r) => r.type === "aws:rds/instance:Instance")) {
                assert.strictEqual(instance.inputs.deletionProtection, true, instance.name);
                if (instance.inputs.replicateSourceDb === undefined) {
                    assert.strictEqual(instance.inputs.skipFinalSnapshot, false, instance.name);
                    assert.ok(instance.inputs.finalSnapshotIdentifier, `${instance.name} has no finalSnapshotIdentifier`);
                }
                assert.strictEqual(instance.inputs.deleteAutomatedBackups, false, instance.name);
            }
            for (const group of resources.filter((r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup")) {
                assert.ok(group.inputs.finalSnapshotIdentifier, `${group.name} has no finalSnapshotIdentifier`);
            }
            for (const bucket of resources.filter((r) => r.type === "aws:s3/bucket:Bucket")) {
                assert.strictEqual(bucket.inputs.forceDestroy, false, `${bucket.name} could be emptied on delete`);
            }
        });
    }

    it("dev (protectStatefulResources: false): no stateful resource is protected or retained", async () => {
        const holders = stateful(await preview("dev"));
        assert.ok(holders.length >= 10, `expected dev's stores, keys and secrets, found ${holders.length}`);
        const protectedOnes = holders.filter((r) => r.options.protect || r.options.retainOnDelete).map((r) => r.name);
        assert.deepStrictEqual(protectedOnes, []);
    });

    it("protection follows the capability flag, not the environment name: staging with the flag off protects nothing", async () => {
        const variant = stagingVariant();
        assert.strictEqual(variant.overrides.protectStatefulResources, false);
        const holders = stateful(await preview(variant.stack, variant.overrides));
        assert.ok(holders.length >= 10);
        assert.deepStrictEqual(holders.filter((r) => r.options.protect).map((r) => r.name), []);
        const instance = holders.find((r) => r.type === "aws:rds/instance:Instance")!;
        assert.strictEqual(instance.inputs.skipFinalSnapshot, true);
    });
});

describe("data protection: tags", () => {
    for (const stack of STACKS) {
        it(`${stack}: every taggable resource of the data stores, and every stateful AWS resource, carries service and data-classification`, async () => {
            const resources = await preview(stack);
            const data = DATA_COMPONENTS.flatMap((component) => descendantsOf(resources, component));
            assert.ok(data.length > 20, `found only ${data.length} data-store resources`);
            const stores = stateful(resources).filter((r) => r.type.startsWith("aws:") && r.type !== "aws:kms/key:Key");
            const candidates = [...new Map([...data, ...stores].map((r) => [r.urn, r])).values()].filter((r) => r.custom && r.type.startsWith("aws:") && acceptsTags(r.type));
            assert.ok(candidates.some((r) => r.type === "aws:s3/bucket:Bucket") && candidates.some((r) => r.type === "aws:ec2/securityGroup:SecurityGroup"));
            const untagged = candidates.filter((r) => !r.inputs.tags?.service || !r.inputs.tags?.["data-classification"]).map((r) => `${r.type} ${r.name}`);
            assert.deepStrictEqual(untagged, []);
        });
    }

    it("Postgres (primary and replica), the documents buckets and the Atlas cluster are classified pii", async () => {
        const resources = await preview("prod");
        const pii = (r: PreviewResource) => r.inputs.tags?.["data-classification"] === "pii";
        const instances = resources.filter((r) => r.type === "aws:rds/instance:Instance");
        assert.strictEqual(instances.length, 2);
        assert.ok(instances.every(pii));
        const documents = resources.filter((r) => r.type === "aws:s3/bucket:Bucket" && r.inputs.tags?.service === "documents");
        assert.strictEqual(documents.length, 2);
        assert.ok(documents.every(pii));
        assert.ok(resources.filter((r) => r.type === "aws:s3/bucket:Bucket" && r.inputs.tags?.service !== "documents").every((r) => !pii(r)), "only documents buckets hold PII");
        for (const cluster of resources.filter((r) => r.type === "mongodbatlas:index/advancedCluster:AdvancedCluster")) {
            assert.ok(pii(cluster), `${cluster.name} is not tagged pii`);
        }
    });

    for (const stack of STACKS) {
        it(`${stack}: every AWS provider sets env, owner and cost-center default tags`, async () => {
            const config = stackConfig(stack);
            const providers = (await preview(stack)).filter((r) => r.type === "pulumi:providers:aws");
            assert.strictEqual(providers.length, config.regions.length);
            for (const provider of providers) {
                const { tags } = JSON.parse(provider.inputs.defaultTags);
                assert.deepStrictEqual([tags.env, tags.owner, tags["cost-center"]], [stack, config.owner, config.costCenter]);
            }
        });
    }

    for (const stack of STACKS) {
        it(`${stack}: every taggable AWS resource ends up with env, owner, cost-center, service and data-classification`, async () => {
            const resources = await preview(stack);
            const providerTags = new Map(
                resources.filter((r) => r.type === "pulumi:providers:aws").map((p) => [p.urn, JSON.parse(p.inputs.defaultTags).tags as Record<string, string>]),
            );
            const taggable = resources.filter((r) => r.custom && r.type.startsWith("aws:") && acceptsTags(r.type));
            assert.ok(taggable.length > 50);
            const required = ["env", "owner", "cost-center", "service", "data-classification"];
            const incomplete = taggable
                .map((r) => {
                    const defaults = providerTags.get(r.provider!.slice(0, r.provider!.lastIndexOf("::"))) ?? {};
                    const effective = { ...defaults, ...r.inputs.tags };
                    return { name: `${r.type} ${r.name}`, missing: required.filter((t) => !effective[t]) };
                })
                .filter((r) => r.missing.length > 0);
            assert.deepStrictEqual(incomplete, []);
        });
    }

    it("the tag check knows which resources take tags (from the provider typings)", () => {
        assert.strictEqual(acceptsTags("aws:s3/bucket:Bucket"), true);
        assert.strictEqual(acceptsTags("aws:rds/instance:Instance"), true);
        assert.strictEqual(acceptsTags("aws:s3/bucketVersioning:BucketVersioning"), false);
        assert.strictEqual(acceptsTags("aws:secretsmanager/secretVersion:SecretVersion"), false);
    });
});
