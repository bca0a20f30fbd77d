/**
 * ElastiCache (Redis OSS / Valkey): pure rules, the synthesized replication group per environment
 * (TLS required, CMK at rest, AUTH token or RBAC with credentials in Secrets Manager, failover, snapshots,
 * logs), and bad config rejected with the key named.
 */
import * as assert from "assert";
import { nodeSecurityGroupIds } from "../support/nodes";
import { isRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import {
    APP_USER_ACCESS_STRING,
    AUTH_TOKEN_LENGTH,
    DISABLED_DEFAULT_USER_ACCESS_STRING,
    generatedPasswordArgs,
    GLOBAL_SECONDARY_FORBIDDEN_ARGS,
    globalDatastoreSuffix,
    REDIS_SECRET_KEYS,
    redisLogGroupName,
    redisParameterGroupFamily,
    redisSecretName,
    secondaryMemberArgs,
} from "../../components/datastores/redis";
import { engineMajor, GLOBAL_DATASTORE_MINIMUM_VERSION, globalDatastoreNodeTypeProblem, globalDatastoreProblems, versionAtLeast } from "../../config/sections/datastores/redis";
import { GLOBAL_DATASTORE_ID_PREFIXES, mockResourceState } from "../../offline/mocks";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { assertConfigProblem, keyBehind, sourceOf, sourcesOf, stackConfig, stagingVariant, withSection } from "./support";
import { ofType, single, STACKS, synthesizeStack } from "../support/synthesis";

const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const SECRET = "aws:secretsmanager/secret:Secret";

function replicationGroup(result: SynthesisResult): SynthesizedResource {
    return single(result, GROUP, "-use1-redis-group");
}

describe("redis: pure rules", () => {
    it("derives the parameter group family from engine and major version", () => {
        assert.strictEqual(redisParameterGroupFamily("valkey", "8.0"), "valkey8");
        assert.strictEqual(redisParameterGroupFamily("valkey", "7.2"), "valkey7");
        assert.strictEqual(redisParameterGroupFamily("redis", "7.1"), "redis7");
        assert.throws(() => redisParameterGroupFamily("redis", "7"), /not an ElastiCache engine version/);
        assert.strictEqual(engineMajor("8.1"), 8);
    });

    it("generates long alphanumeric credentials ElastiCache accepts", () => {
        const args = generatedPasswordArgs();
        assert.ok(AUTH_TOKEN_LENGTH >= 32 && AUTH_TOKEN_LENGTH <= 128);
        assert.strictEqual(args.length, AUTH_TOKEN_LENGTH);
        assert.strictEqual(args.special, false, "ElastiCache rejects some special characters (@, \", /)");
    });

    it("keeps credentials under the environment's secret path and logs under a per-group path", () => {
        assert.strictEqual(redisSecretName("prod", "us-east-1"), "platform/prod/us-east-1/redis/credentials");
        assert.strictEqual(redisLogGroupName("platform-prod-use1-redis", "slow-log"), "/platform/elasticache/platform-prod-use1-redis/slow-log");
    });
});

describe("redis: synthesized replication group", () => {
    for (const stack of STACKS) {
        describe(stack, () => {
            const config = stackConfig(stack);
            const redis = config.redis;

            it("runs the configured engine in the primary region, and in secondary regions only when asked", async () => {
                const result = await synthesizeStack(stack);
                const secondaries = (config.regions as Array<{ name: string; role: string }>).filter((r) => r.role === "secondary").map((r) => r.name);
                assert.deepStrictEqual(
                    ofType(result, GROUP).map((g) => g.region),
                    ["us-east-1", ...(redis.inSecondaryRegions ? secondaries : [])],
                );
                const group = replicationGroup(result);
                assert.strictEqual(group.region, "us-east-1");
                assert.strictEqual(group.inputs.engine, redis.engine);
                assert.strictEqual(group.inputs.engineVersion, redis.engineVersion);
                assert.strictEqual(group.inputs.nodeType, redis.nodeType);
                assert.strictEqual(group.inputs.numCacheClusters, redis.numCacheClusters);
                assert.strictEqual(group.inputs.replicationGroupId, `platform-${stack}-use1-redis`);
                assert.strictEqual(group.inputs.autoMinorVersionUpgrade, true);
                assert.strictEqual(group.inputs.maintenanceWindow, "sun:06:30-sun:07:30");
                assert.deepStrictEqual(group.inputs.tags, { Name: `platform-${stack}-use1-redis`, service: "redis", "data-classification": "confidential" });
            });

            it("requires TLS on every connection and encrypts at rest with the data key", async () => {
                const result = await synthesizeStack(stack);
                const group = replicationGroup(result);
                assert.strictEqual(group.inputs.transitEncryptionEnabled, true);
                assert.strictEqual(group.inputs.transitEncryptionMode, "required");
                assert.strictEqual(group.inputs.atRestEncryptionEnabled, true);
                assert.strictEqual(keyBehind(result, group, "kmsKeyId"), "us-east-1/data");
            });

            it("authenticates with a generated AUTH token that is a secret, stored in Secrets Manager under the data key", async () => {
                const result = await synthesizeStack(stack);
                const group = replicationGroup(result);
                assert.ok(isRpcSecret(group.inputs.authToken), "authToken must reach the engine as a secret");
                assert.strictEqual(group.inputs.authTokenUpdateStrategy, "ROTATE");
                const token = sourceOf(result, group, "authToken", PASSWORD);
                assert.ok(token.inputs.length >= 32);
                assert.strictEqual(token.inputs.special, false);

                const secret = single(result, SECRET, "-use1-redis-credentials");
                assert.strictEqual(secret.inputs.name, `platform/${stack}/us-east-1/redis/credentials`);
                assert.strictEqual(keyBehind(result, secret, "kmsKeyId"), "us-east-1/data");
                const version = single(result, "aws:secretsmanager/secretVersion:SecretVersion", "-use1-redis-credentials-version");
                assert.strictEqual(sourceOf(result, version, "secretId", SECRET).urn, secret.urn);
                assert.ok(isRpcSecret(version.inputs.secretString), "the stored credentials are a secret");
                assert.ok(sourcesOf(result, version, "secretString").some((r) => r.urn === token.urn), "the secret holds the token the group uses");
            });

            it("sits in the private subnets behind a group that admits 6379 only from the cluster", async () => {
                const result = await synthesizeStack(stack);
                const group = replicationGroup(result);
                const subnetGroup = sourceOf(result, group, "subnetGroupName", "aws:elasticache/subnetGroup:SubnetGroup");
                const subnets = sourcesOf(result, subnetGroup, "subnetIds");
                assert.strictEqual(subnets.length, config.regions[0].azCount);
                assert.ok(subnets.every((s) => s.name.includes("-network-private-")), subnets.map((s) => s.name).join());

                const securityGroup = sourceOf(result, group, "securityGroupIds", "aws:ec2/securityGroup:SecurityGroup");
                assert.strictEqual(securityGroup.inputs.ingress.length, 1);
                const [rule] = securityGroup.inputs.ingress;
                assert.deepStrictEqual([rule.protocol, rule.fromPort, rule.toPort], ["tcp", 6379, 6379]);
                assert.strictEqual(rule.cidrBlocks, undefined);
                assert.deepStrictEqual([...rule.securityGroups].sort(), nodeSecurityGroupIds(result, group.region!), "exactly the groups the nodes (so the pods) carry");
            });

            it("keeps daily snapshots and ships slow and engine logs to CMK-encrypted log groups with retention", async () => {
                const result = await synthesizeStack(stack);
                const group = replicationGroup(result);
                assert.strictEqual(group.inputs.snapshotRetentionLimit, redis.snapshotRetentionDays);
                assert.ok(group.inputs.snapshotRetentionLimit >= 1);
                assert.strictEqual(group.inputs.snapshotWindow, "05:00-06:00");
                const deliveries = group.inputs.logDeliveryConfigurations;
                assert.deepStrictEqual(deliveries.map((d: any) => d.logType).sort(), ["engine-log", "slow-log"]);
                for (const delivery of deliveries) {
                    assert.strictEqual(delivery.destinationType, "cloudwatch-logs");
                    const logGroup = ofType(result, "aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.name === delivery.destination);
                    assert.ok(logGroup, `no log group ${delivery.destination}`);
                    assert.strictEqual(logGroup.inputs.retentionInDays, config.logRetentionDays);
                    assert.strictEqual(keyBehind(result, logGroup, "kmsKeyId"), "us-east-1/logs");
                }
            });

            it("uses a parameter group of the engine's family with the configured eviction policy", async () => {
                const result = await synthesizeStack(stack);
                const parameterGroup = sourceOf(result, replicationGroup(result), "parameterGroupName", "aws:elasticache/parameterGroup:ParameterGroup");
                assert.strictEqual(parameterGroup.inputs.family, `${redis.engine}${redis.engineVersion.split(".")[0]}`);
                assert.deepStrictEqual(parameterGroup.inputs.parameters, [{ name: "maxmemory-policy", value: "volatile-lru" }]);
            });
        });
    }

    it("dev: one node, no failover, no final snapshot, nothing protected", async () => {
        const result = await synthesizeStack("dev");
        const group = replicationGroup(result);
        assert.strictEqual(group.inputs.numCacheClusters, 1);
        assert.strictEqual(group.inputs.automaticFailoverEnabled, false);
        assert.strictEqual(group.inputs.multiAzEnabled, false);
        assert.strictEqual(group.inputs.finalSnapshotIdentifier, undefined);
        assert.strictEqual(group.options.protect, false);
        assert.strictEqual(single(result, SECRET, "-use1-redis-credentials").options.protect, false);
    });

    for (const stack of ["staging", "prod"] as const) {
        it(`${stack}: replicas with Multi-AZ automatic failover, a final snapshot, group and secret protected`, async () => {
            const result = await synthesizeStack(stack);
            const group = replicationGroup(result);
            assert.ok(group.inputs.numCacheClusters >= 2);
            assert.strictEqual(group.inputs.automaticFailoverEnabled, true);
            assert.strictEqual(group.inputs.multiAzEnabled, true);
            assert.strictEqual(group.inputs.finalSnapshotIdentifier, `platform-${stack}-use1-redis-final`);
            assert.strictEqual(group.options.protect, true);
            const secret = single(result, SECRET, "-use1-redis-credentials");
            assert.strictEqual(secret.options.protect, true);
            assert.strictEqual(secret.inputs.recoveryWindowInDays, 30);
        });
    }

    it("rbac: an application user with a generated password in a user group whose default user is disabled; no AUTH token", async () => {
        const variant = stagingVariant();
        const result = await synthesizeStack(variant.stack, variant.overrides);
        const group = replicationGroup(result);
        assert.strictEqual(group.inputs.authToken, undefined);
        const userGroup = sourceOf(result, group, "userGroupIds", "aws:elasticache/userGroup:UserGroup");
        assert.strictEqual(userGroup.inputs.engine, stackConfig("staging").redis.engine);
        const users = sourcesOf(result, userGroup, "userIds");
        assert.deepStrictEqual(users.map((u) => u.inputs.userName).sort(), ["app", "default"]);
        const defaultUser = users.find((u) => u.inputs.userName === "default")!;
        const appUser = users.find((u) => u.inputs.userName === "app")!;
        assert.strictEqual(defaultUser.inputs.accessString, DISABLED_DEFAULT_USER_ACCESS_STRING);
        assert.match(defaultUser.inputs.accessString, /^off /);
        assert.strictEqual(appUser.inputs.accessString, APP_USER_ACCESS_STRING);
        for (const user of users) {
            assert.ok(isRpcSecret(user.inputs.authenticationMode), `${user.inputs.userName}'s password must reach the engine as a secret`);
            assert.strictEqual(revealSecrets(user.inputs.authenticationMode).type, "password");
            assert.strictEqual(sourcesOf(result, user, "authenticationMode").filter((r) => r.type === PASSWORD).length, 1);
        }
        const version = single(result, "aws:secretsmanager/secretVersion:SecretVersion", "-use1-redis-credentials-version");
        const appPassword = sourcesOf(result, appUser, "authenticationMode").find((r) => r.type === PASSWORD)!;
        assert.ok(sourcesOf(result, version, "secretString").some((r) => r.urn === appPassword.urn), "the secret holds the app user's password");
        assert.deepStrictEqual(Object.values(REDIS_SECRET_KEYS).sort(), ["password", "username"]);
    });

    it("exports the primary endpoint for operators", async () => {
        const text = JSON.stringify(revealSecrets((await synthesizeStack("prod")).outputs));
        assert.match(text, /master\.platform-prod-use1-redis\.[0-9a-f]+\.use1\.cache\.amazonaws\.com/);
    });
});

describe("redis: bad config is rejected with the key named", () => {
    const prod = () => stackConfig("prod");

    it("an engine other than redis or valkey", () => {
        assertConfigProblem(withSection(prod(), "redis", { engine: "memcached" }), "platform:redis.engine", /"redis"\|"valkey".*found "memcached"/);
    });

    it("automatic failover with a single node", () => {
        assertConfigProblem(withSection(prod(), "redis", { numCacheClusters: 1 }), "platform:redis.automaticFailover", /numCacheClusters 1.*expected numCacheClusters >= 2/);
    });

    it("an engine version that cannot require TLS", () => {
        assertConfigProblem(withSection(prod(), "redis", { engine: "redis", engineVersion: "6.2" }), "platform:redis.engineVersion", /redis 6\.2 cannot require TLS.*redis 7\.x or later/);
    });

    it("no snapshots in a protected stack", () => {
        assertConfigProblem(withSection(prod(), "redis", { snapshotRetentionDays: 0 }), "platform:redis.snapshotRetentionDays", /protectStatefulResources is true/);
    });

    it("a snapshot window inside the maintenance window", () => {
        assertConfigProblem(withSection(prod(), "redis", { snapshotWindow: "06:00-07:00" }), "platform:redis.snapshotWindow", /overlaps maintenanceWindow sun:06:30-sun:07:30/);
    });

    it("an unknown auth mode and an unknown key", () => {
        assertConfigProblem(withSection(prod(), "redis", { authMode: "none" }), "platform:redis.authMode", /"token"\|"rbac".*found "none"/);
        assertConfigProblem(withSection(prod(), "redis", { clusterMode: true }), "platform:redis.clusterMode", /unknown key/);
    });
});

describe("redis: global datastore", () => {
    const GLOBAL = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup";
    const prod = () => stackConfig("prod");

    describe("pure rules", () => {
        const settings = (overrides: Record<string, unknown> = {}) => ({ ...prod().redis, authMode: "token", globalDatastore: true, ...overrides });

        it("accepts the node families AWS lists in size large and up, and refuses the rest", () => {
            for (const ok of ["cache.r7g.large", "cache.m5.xlarge", "cache.r6gd.2xlarge", "cache.c7gn.large", "cache.m6g.16xlarge", "cache.r5.large"]) {
                assert.strictEqual(globalDatastoreNodeTypeProblem(ok), undefined, ok);
            }
            assert.match(globalDatastoreNodeTypeProblem("cache.t4g.large")!, /node family t4g cannot join a global datastore; expected one of m5, m6g, m7g, r5, r6g, r6gd, r7g, c7gn/);
            assert.match(globalDatastoreNodeTypeProblem("cache.m4.large")!, /node family m4/);
            assert.match(globalDatastoreNodeTypeProblem("cache.r7g.medium")!, /size medium is below large/);
            assert.match(globalDatastoreNodeTypeProblem("cache.m7g.small")!, /size small/);
        });

        it("compares engine versions by major and minor (valkey 7.2+, redis 5.0+)", () => {
            assert.ok(versionAtLeast("7.2", [7, 2]) && versionAtLeast("8.0", [7, 2]) && versionAtLeast("7.10", [7, 2]));
            assert.ok(!versionAtLeast("7.1", [7, 2]) && !versionAtLeast("6.9", [7, 2]));
            assert.deepStrictEqual(GLOBAL_DATASTORE_MINIMUM_VERSION, { redis: [5, 0], valkey: [7, 2] });
        });

        it("finds nothing to refuse when off, and prod's valkey 8.0 on r7g.large with one secondary eligible", () => {
            assert.deepStrictEqual(globalDatastoreProblems({ ...settings(), globalDatastore: false, nodeType: "cache.t4g.micro" }, 0), []);
            assert.deepStrictEqual(globalDatastoreProblems(settings(), 1), []);
            assert.deepStrictEqual(globalDatastoreProblems(settings(), 2), []);
        });

        it("refuses each ineligible setting with the key named", () => {
            const keys = (s: Record<string, unknown>, secondaries = 1) => globalDatastoreProblems(settings(s) as any, secondaries).map((p) => p.path.join("."));
            assert.deepStrictEqual(keys({}, 0), ["redis.globalDatastore"]);
            assert.deepStrictEqual(keys({ inSecondaryRegions: false }), ["redis.globalDatastore"]);
            assert.deepStrictEqual(keys({}, 3), ["redis.globalDatastore"]);
            assert.deepStrictEqual(keys({ engineVersion: "7.1" }), ["redis.engineVersion"]);
            assert.deepStrictEqual(keys({ engine: "redis", engineVersion: "7.1" }), []);
            assert.deepStrictEqual(keys({ nodeType: "cache.t4g.medium" }), ["redis.nodeType"]);
            assert.deepStrictEqual(keys({ authMode: "rbac" }), ["redis.authMode"]);
        });

        it("strips every argument the global datastore dictates from a secondary member and joins it", () => {
            const full: Record<string, unknown> = Object.fromEntries(GLOBAL_SECONDARY_FORBIDDEN_ARGS.map((k) => [k, "x"]));
            const member = secondaryMemberArgs({ ...full, replicationGroupId: "g", description: "d", kmsKeyId: "k", numCacheClusters: 2, multiAzEnabled: true } as any, "ldgnf-x");
            assert.deepStrictEqual(member, { replicationGroupId: "g", description: "d", kmsKeyId: "k", numCacheClusters: 2, multiAzEnabled: true, globalReplicationGroupId: "ldgnf-x" });
            // The provider's ConflictsWith list plus the AUTH settings (shared from the primary).
            for (const key of ["engine", "engineVersion", "nodeType", "parameterGroupName", "transitEncryptionEnabled", "transitEncryptionMode", "atRestEncryptionEnabled", "authToken", "userGroupIds", "numNodeGroups", "snapshotName", "snapshotArns", "securityGroupNames"]) {
                assert.ok((GLOBAL_SECONDARY_FORBIDDEN_ARGS as readonly string[]).includes(key), key);
            }
            assert.strictEqual(globalDatastoreSuffix("prod"), "platform-prod-redis");
        });

        it("mock ids carry AWS's region prefix, not the suffix echoed", () => {
            assert.strictEqual(GLOBAL_DATASTORE_ID_PREFIXES["us-east-1"], "ldgnf");
            assert.strictEqual(GLOBAL_DATASTORE_ID_PREFIXES["us-west-2"], "sgaui");
            assert.ok(Object.values(GLOBAL_DATASTORE_ID_PREFIXES).every((p) => /^[a-z]{5}$/.test(p)));
            const answer = (region: string) =>
                mockResourceState({ type: GLOBAL, name: "g", inputs: { globalReplicationGroupIdSuffix: "platform-prod-redis", primaryReplicationGroupId: "p" }, provider: "", id: "", custom: true }, region, "333344445555");
            const east = answer("us-east-1");
            assert.deepStrictEqual([east.id, east.state.globalReplicationGroupId, east.state.arn], ["ldgnf-platform-prod-redis", "ldgnf-platform-prod-redis", "arn:aws:elasticache::333344445555:globalreplicationgroup:ldgnf-platform-prod-redis"]);
            assert.strictEqual(answer("eu-west-2").id, "okuqm-platform-prod-redis");
            // A region missing from AWS's table still gets a five-letter prefix, stable per region.
            assert.match(answer("ap-southeast-7").id, /^[a-z]{5}-platform-prod-redis$/);
            assert.strictEqual(answer("ap-southeast-7").id, answer("ap-southeast-7").id);
            assert.notStrictEqual(answer("ap-southeast-7").id, answer("mx-central-1").id);
        });
    });

    describe("prod synthesis", () => {
        it("creates the global datastore in the primary region from the primary group, protected, failover-tolerant", async () => {
            const result = await synthesizeStack("prod");
            const global = single(result, GLOBAL, "-use1-redis-global");
            assert.strictEqual(global.region, "us-east-1");
            assert.strictEqual(sourceOf(result, global, "primaryReplicationGroupId", GROUP).urn, replicationGroup(result).urn);
            assert.strictEqual(global.inputs.globalReplicationGroupIdSuffix, "platform-prod-redis");
            assert.strictEqual(global.inputs.engine, prod().redis.engine);
            assert.strictEqual(global.inputs.engineVersion, prod().redis.engineVersion);
            assert.strictEqual(global.options.protect, true);
            assert.deepStrictEqual(global.options.ignoreChanges, ["primaryReplicationGroupId"]);
            assert.strictEqual(ofType(result, GLOBAL).length, 1);
        });

        it("joins us-west-2's group as a secondary member that sets none of the fields the global datastore dictates", async () => {
            const result = await synthesizeStack("prod");
            const member = single(result, GROUP, "-usw2-redis-group");
            assert.strictEqual(member.region, "us-west-2");
            const global = sourceOf(result, member, "globalReplicationGroupId", GLOBAL);
            assert.strictEqual(global.name, "prod-use1-redis-global");
            // AWS's id: the us-east-1 prefix, then the suffix.
            assert.strictEqual(member.inputs.globalReplicationGroupId, "ldgnf-platform-prod-redis");
            for (const key of GLOBAL_SECONDARY_FORBIDDEN_ARGS) {
                assert.strictEqual(member.inputs[key], undefined, `secondary member sets ${key}`);
            }
            assert.strictEqual(keyBehind(result, member, "kmsKeyId"), "us-west-2/data", "each member is encrypted with its own region's key");
            assert.strictEqual(member.inputs.numCacheClusters, prod().redis.numCacheClusters);
            assert.strictEqual(member.options.protect, true);
            assert.ok(ofType(result, "aws:elasticache/parameterGroup:ParameterGroup").every((g) => g.region === "us-east-1"), "no parameter group for the secondary member");
            // The primary keeps its own settings.
            const primary = replicationGroup(result);
            assert.strictEqual(primary.inputs.globalReplicationGroupId, undefined);
            assert.strictEqual(primary.inputs.transitEncryptionMode, "required");
        });

        it("gives us-west-2's credentials secret the primary's AUTH token (members share it), replicated to us-west-2", async () => {
            const result = await synthesizeStack("prod");
            const primaryToken = sourceOf(result, replicationGroup(result), "authToken", PASSWORD);
            assert.strictEqual(ofType(result, PASSWORD).filter((p) => p.name.includes("redis-auth-token")).length, 1, "one token for the whole global datastore");
            const version = single(result, "aws:secretsmanager/secretVersion:SecretVersion", "-usw2-redis-credentials-version");
            assert.ok(sourcesOf(result, version, "secretString").some((r) => r.urn === primaryToken.urn));
            assert.ok(isRpcSecret(version.inputs.secretString));
            const secret = single(result, SECRET, "-usw2-redis-credentials");
            assert.strictEqual(secret.inputs.name, "platform/prod/us-west-2/redis/credentials");
            assert.deepStrictEqual(secret.inputs.replicas.map((r: any) => r.region), ["us-west-2"]);
        });
    });

    describe("bad config is rejected with the key named", () => {
        it("a node type, engine version or auth mode the global datastore cannot take", () => {
            assertConfigProblem(withSection(prod(), "redis", { nodeType: "cache.t4g.medium" }), "platform:redis.nodeType", /cache\.t4g\.medium: node family t4g cannot join a global datastore/);
            assertConfigProblem(withSection(prod(), "redis", { engineVersion: "7.1" }), "platform:redis.engineVersion", /valkey 7\.1 cannot run a global datastore; expected valkey 7\.2 or later/);
            assertConfigProblem(withSection(prod(), "redis", { authMode: "rbac" }), "platform:redis.authMode", /rbac with globalDatastore.*expected token/);
        });

        it("a global datastore without a secondary member", () => {
            assertConfigProblem(withSection(prod(), "redis", { inSecondaryRegions: false }), "platform:redis.globalDatastore", /no secondary member.*found inSecondaryRegions false, 1 secondary regions/);
        });
    });
});
