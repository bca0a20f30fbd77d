/**
 * MongoDB Atlas: the pure rules (region mapping, replication specs, backup policy, IAM documents, database
 * users, connection strings), the synthesized project/cluster per environment (dev single region and
 * unprotected; prod two regions, termination protected, backups copied), encryption at rest through the
 * cloud-provider access role, PrivateLink or NAT-only access, IAM database users, and bad config rejected
 * with the key named.
 */
import * as assert from "assert";
import {
    ATLAS_EXTERNAL_AUTH_DATABASE,
    ATLAS_PRIVATE_LINK_PORTS,
    atlasAdvancedConfiguration,
    atlasAuditFilter,
    atlasBackupCopySettings,
    atlasBackupPolicy,
    atlasClusterRegions,
    atlasCloudProviderTrustPolicy,
    atlasConnectionString,
    atlasDatabaseUserArgs,
    atlasKmsAccessPolicy,
    atlasReplicationSpecs,
    mongoHost,
    mongoIamUri,
} from "../../components/datastores/atlas";
import { validateConfig } from "../../config";
import { atlasRegionName, atlasSchema, awsRegionName, tierRank } from "../../config/sections/datastores/atlas";
import { revealSecrets } from "../../offline/secrets";
import { readStackFiles } from "../../offline/stackFiles";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { assertConfigProblem, sourceOf, sourcesOf, stackConfig, withSection } from "./support";
import { dependentsOf, ofType, single, synthesizeStack } from "../support/synthesis";

const CLUSTER = "mongodbatlas:index/advancedCluster:AdvancedCluster";
const PROJECT = "mongodbatlas:index/project:Project";
const BACKUP_SCHEDULE = "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule";
const ACCESS_SETUP = "mongodbatlas:index/cloudProviderAccessSetup:CloudProviderAccessSetup";
const ACCESS_AUTHORIZATION = "mongodbatlas:index/cloudProviderAccessAuthorization:CloudProviderAccessAuthorization";
const ENCRYPTION_AT_REST = "mongodbatlas:index/encryptionAtRest:EncryptionAtRest";
const PRIVATE_LINK = "mongodbatlas:index/privateLinkEndpoint:PrivateLinkEndpoint";
const PRIVATE_LINK_SERVICE = "mongodbatlas:index/privateLinkEndpointService:PrivateLinkEndpointService";
const ACCESS_LIST = "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList";
const DATABASE_USER = "mongodbatlas:index/databaseUser:DatabaseUser";
const AUDITING = "mongodbatlas:index/auditing:Auditing";
const ATLAS_PROVIDER = "pulumi:providers:mongodbatlas";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";

const baseAtlas = () => atlasSchema.parse({ orgId: "64b7d1a2e4b0c91f2a3d5e10", instanceSize: "M30", autoScaling: { computeMaxInstanceSize: "M60" } });
const TWO_REGIONS = [
    { name: "us-east-1", role: "primary" as const },
    { name: "us-west-2", role: "secondary" as const },
];

const EXISTING_PROJECT_ID = "5f0c1a2b3c4d5e6f70819203";

/** Prod's Atlas settings, but in an existing project and reached through the NAT addresses (one synthesis for both variations). */
function natOnlyExistingProject(): Record<string, unknown> {
    const { orgId: _orgId, ...atlas } = stackConfig("prod").atlas;
    return { ...atlas, projectId: EXISTING_PROJECT_ID, networkAccess: "ipAccessList", accessListCidrs: ["198.51.100.0/24"] };
}

function cluster(result: SynthesisResult): SynthesizedResource {
    return single(result, CLUSTER);
}

function policyOf(resource: SynthesizedResource): any {
    return JSON.parse(revealSecrets(resource.inputs.policy));
}

describe("atlas: pure rules", () => {
    it("maps AWS region names to Atlas's and back, refusing regions Atlas does not serve", () => {
        assert.strictEqual(atlasRegionName("us-east-1"), "US_EAST_1");
        assert.strictEqual(atlasRegionName("ap-southeast-2"), "AP_SOUTHEAST_2");
        assert.strictEqual(atlasRegionName("us-gov-west-1"), "US_GOV_WEST_1");
        assert.strictEqual(awsRegionName("EU_CENTRAL_1"), "eu-central-1");
        assert.throws(() => atlasRegionName("us-east-9"), /MongoDB Atlas has no AWS region "us-east-9"/);
        assert.throws(() => awsRegionName("MARS_1"), /not an Atlas AWS region name/);
    });

    it("places electable nodes in the primary only, unless replicating to the secondaries", () => {
        const single = atlasReplicationSpecs(baseAtlas(), TWO_REGIONS);
        assert.strictEqual(single.length, 1);
        const [primary] = single[0].regionConfigs as any[];
        assert.strictEqual((single[0].regionConfigs as any[]).length, 1);
        assert.deepStrictEqual(
            { regionName: primary.regionName, priority: primary.priority, providerName: primary.providerName, electable: primary.electableSpecs },
            { regionName: "US_EAST_1", priority: 7, providerName: "AWS", electable: { instanceSize: "M30", nodeCount: 3 } },
        );
        assert.deepStrictEqual(primary.autoScaling, {
            computeEnabled: true,
            computeScaleDownEnabled: true,
            computeMinInstanceSize: "M30",
            computeMaxInstanceSize: "M60",
            diskGbEnabled: true,
        });

        const replicated = atlasReplicationSpecs({ ...baseAtlas(), replicateToSecondaryRegions: true, secondaryElectableNodes: 2, secondaryReadOnlyNodes: 1 }, TWO_REGIONS);
        const configs = replicated[0].regionConfigs as any[];
        assert.deepStrictEqual(
            configs.map((c) => [c.regionName, c.priority, c.electableSpecs?.nodeCount, c.readOnlySpecs?.nodeCount]),
            [
                ["US_EAST_1", 7, 3, undefined],
                ["US_WEST_2", 6, 2, 1],
            ],
        );
    });

    it("gives read-only-only regions priority 0 and no electable nodes", () => {
        const configs = atlasReplicationSpecs({ ...baseAtlas(), replicateToSecondaryRegions: true, secondaryElectableNodes: 0, secondaryReadOnlyNodes: 2 }, TWO_REGIONS)[0]
            .regionConfigs as any[];
        assert.deepStrictEqual([configs[1].priority, configs[1].electableSpecs, configs[1].readOnlySpecs], [0, undefined, { instanceSize: "M30", nodeCount: 2 }]);
        assert.deepStrictEqual(
            atlasClusterRegions({ replicateToSecondaryRegions: false }, TWO_REGIONS).map((r) => r.name),
            ["us-east-1"],
        );
    });

    it("pins TLS 1.2+ and turns server-side JavaScript off", () => {
        assert.deepStrictEqual(atlasAdvancedConfiguration({ minimumTlsProtocol: "TLS1_3" }), {
            minimumEnabledTlsProtocol: "TLS1_3",
            javascriptEnabled: false,
            tlsCipherConfigMode: "DEFAULT",
        });
    });

    it("builds hourly, daily, weekly and monthly snapshot policies and the restore window from config", () => {
        const backup = { ...baseAtlas().backup, restoreWindowDays: 5, hourlyFrequencyHours: 4 as const, hourlyRetentionDays: 3, dailyRetentionDays: 10, weeklyRetentionWeeks: 6, monthlyRetentionMonths: 18 };
        assert.deepStrictEqual(atlasBackupPolicy(backup), {
            restoreWindowDays: 5,
            referenceHourOfDay: 3,
            referenceMinuteOfHour: 0,
            policyItemHourly: { frequencyInterval: 4, retentionUnit: "days", retentionValue: 3 },
            policyItemDaily: { frequencyInterval: 1, retentionUnit: "days", retentionValue: 10 },
            policyItemWeeklies: [{ frequencyInterval: 7, retentionUnit: "weeks", retentionValue: 6 }],
            policyItemMonthlies: [{ frequencyInterval: 40, retentionUnit: "months", retentionValue: 18 }],
        });
        assert.deepStrictEqual(atlasBackupCopySettings(["us-west-2"], "zone-1"), [
            { cloudProvider: "AWS", regionName: "US_WEST_2", zoneId: "zone-1", frequencies: ["HOURLY", "DAILY", "WEEKLY", "MONTHLY", "ON_DEMAND"], shouldCopyOplogs: true },
        ]);
    });

    it("trusts only Atlas's account with the external id, and grants it the one data key", () => {
        const trust = atlasCloudProviderTrustPolicy("arn:aws:iam::536727724300:root", "ext-123");
        assert.deepStrictEqual(trust.Statement, [
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::536727724300:root" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "ext-123" } } },
        ]);
        const kms = atlasKmsAccessPolicy("arn:aws:kms:us-east-1:111122223333:key/abc");
        assert.strictEqual(kms.Statement.length, 1);
        assert.deepStrictEqual([kms.Statement[0].Action, kms.Statement[0].Resource], [["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], "arn:aws:kms:us-east-1:111122223333:key/abc"]);
    });

    it("makes database users of IAM roles: no password, $external, readWrite on the service's database, one cluster", () => {
        const user = atlasDatabaseUserArgs({ service: "notification", roleArn: "arn:aws:iam::1:role/n", clusterName: "platform-prod", environment: "prod" });
        assert.strictEqual(user.username, "arn:aws:iam::1:role/n");
        assert.strictEqual(user.awsIamType, "ROLE");
        assert.strictEqual(user.authDatabaseName, "$external");
        assert.deepStrictEqual(user.roles, [{ roleName: "readWrite", databaseName: "notification" }]);
        assert.deepStrictEqual(user.scopes, [{ name: "platform-prod", type: "CLUSTER" }]);
        assert.ok(!("password" in user) && !("passwordWo" in user));
    });

    it("picks the private-endpoint connection string of the workload's own endpoint, else the public SRV", () => {
        const strings = {
            standardSrv: "mongodb+srv://c.abc.mongodb.net",
            privateEndpoints: [
                { srvConnectionString: "mongodb+srv://c-pl-0.abc.mongodb.net", endpoints: [{ endpointId: "vpce-east" }] },
                { srvConnectionString: "mongodb+srv://c-pl-1.abc.mongodb.net", endpoints: [{ endpointId: "vpce-west" }] },
            ],
        };
        assert.strictEqual(atlasConnectionString(strings, "vpce-west"), "mongodb+srv://c-pl-1.abc.mongodb.net");
        assert.strictEqual(atlasConnectionString(strings, "vpce-unknown"), undefined);
        assert.strictEqual(atlasConnectionString(strings), "mongodb+srv://c.abc.mongodb.net");
        assert.strictEqual(atlasConnectionString(undefined, "vpce-east"), undefined);
        assert.strictEqual(mongoHost("mongodb+srv://c-pl-0.abc.mongodb.net/?x=1"), "c-pl-0.abc.mongodb.net");
        assert.strictEqual(
            mongoIamUri("mongodb+srv://c-pl-0.abc.mongodb.net/", "gamification"),
            "mongodb+srv://c-pl-0.abc.mongodb.net/gamification?authSource=%24external&authMechanism=MONGODB-AWS&retryWrites=true&w=majority",
        );
    });

    it("audits logins and every user, role and schema change, but not reads and writes", () => {
        const events: string[] = JSON.parse(atlasAuditFilter()).atype.$in;
        for (const event of ["authenticate", "createUser", "dropUser", "grantRolesToUser", "updateRole", "dropDatabase", "createCollection", "dropCollection", "createIndex"]) {
            assert.ok(events.includes(event), `${event} is not audited`);
        }
        assert.ok(!events.includes("find") && !events.includes("insert"));
    });

    it("orders tiers by size", () => {
        assert.ok(tierRank("M10") < tierRank("M30") && tierRank("M30") < tierRank("R40") + 1 && tierRank("M40_NVME") === 40);
    });
});

describe("atlas: configuration", () => {
    const prod = () => stackConfig("prod");

    it("every stack configures a dedicated tier and no credentials (they come from MONGODB_ATLAS_* variables)", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const config = validateConfig(stackConfig(stack));
            assert.match(config.atlas!.instanceSize, /^M\d+$/);
            const atlasKeys = Object.keys(readStackFiles(PROJECT_ROOT, stack).config).filter((k) => k.startsWith("mongodbatlas:"));
            assert.deepStrictEqual(atlasKeys, [], `${stack} sets Atlas provider config ${atlasKeys.join(", ")}`);
        }
    });

    for (const tier of ["M0", "M2", "M5", "FLEX", "Flex"]) {
        it(`rejects the shared tier ${tier} (no continuous backup) naming platform:atlas.instanceSize`, () => {
            assertConfigProblem(withSection(prod(), "atlas", { instanceSize: tier }), "platform:atlas.instanceSize", new RegExp(`shared tier ${tier} has no continuous cloud backup.*found "${tier}"`));
        });
    }

    it("rejects a tier that does not exist", () => {
        assertConfigProblem(withSection(prod(), "atlas", { instanceSize: "M31x" }), "platform:atlas.instanceSize", /expected a dedicated Atlas tier/);
    });

    it("rejects an unknown key in the atlas section", () => {
        assertConfigProblem(withSection(prod(), "atlas", { tier: "M30" }), "platform:atlas.tier", /unknown key \(found "M30"\)/);
        assertConfigProblem(withSection(prod(), "atlas", { backup: { restoreWindowDayz: 3 } }), "platform:atlas.backup.restoreWindowDayz", /unknown key/);
    });

    it("rejects 0.0.0.0/0, and anything broader than a /16, in the access list", () => {
        assertConfigProblem(withSection(prod(), "atlas", { accessListCidrs: ["0.0.0.0/0"] }), "platform:atlas.accessListCidrs[0]", /whole internet/);
        assertConfigProblem(withSection(prod(), "atlas", { accessListCidrs: ["198.51.100.0/24", "10.0.0.0/8"] }), "platform:atlas.accessListCidrs[1]", /a \/8 is too broad/);
        assertConfigProblem(withSection(prod(), "atlas", { accessListCidrs: ["198.51.100.7/24"] }), "platform:atlas.accessListCidrs[0]", /host bits set/);
        assert.doesNotThrow(() => validateConfig(withSection(prod(), "atlas", { accessListCidrs: ["198.51.100.0/24"] })));
    });

    it("needs exactly one of orgId and projectId", () => {
        assertConfigProblem(withSection(prod(), "atlas", { projectId: "5f0c1a2b3c4d5e6f70819203" }), "platform:atlas.orgId", /exactly one of orgId.*found both/);
        const neither = withSection(prod(), "atlas", {});
        delete neither.atlas.orgId;
        assertConfigProblem(neither, "platform:atlas.orgId", /found neither/);
        assertConfigProblem(withSection(prod(), "atlas", { orgId: "not-an-id" }), "platform:atlas.orgId", /24-character hexadecimal/);
    });

    it("is required when a service uses atlas", () => {
        const raw = prod();
        delete raw.atlas;
        assertConfigProblem(raw, "platform:atlas", /required because services gamification, notification use the atlas data store/);
    });

    it("rejects replication without a secondary region, and node counts Atlas refuses", () => {
        assertConfigProblem(withSection(stackConfig("dev"), "atlas", { replicateToSecondaryRegions: true }), "platform:atlas.replicateToSecondaryRegions", /no region has role "secondary"/);
        assertConfigProblem(withSection(prod(), "atlas", { secondaryElectableNodes: 1 }), "platform:atlas.electableNodes", /4 electable nodes in total; Atlas replica sets need 3, 5, 7/);
        assertConfigProblem(withSection(prod(), "atlas", { electableNodes: 1, secondaryElectableNodes: 2 }), "platform:atlas.electableNodes", /holds 1 of 3 electable nodes; expected a majority/);
        assertConfigProblem(withSection(stackConfig("dev"), "atlas", { backup: { copyToSecondaryRegions: true } }), "platform:atlas.backup.copyToSecondaryRegions", /no region has role "secondary"/);
    });

    it("rejects a restore window longer than daily snapshots are kept, and shrinking retention", () => {
        assertConfigProblem(withSection(prod(), "atlas", { backup: { restoreWindowDays: 10, dailyRetentionDays: 7 } }), "platform:atlas.backup.restoreWindowDays", /10 days exceeds dailyRetentionDays 7/);
        assertConfigProblem(withSection(prod(), "atlas", { backup: { dailyRetentionDays: 30, weeklyRetentionWeeks: 2 } }), "platform:atlas.backup.weeklyRetentionWeeks", /shorter than dailyRetentionDays 30/);
    });

    it("needs a compute ceiling at least the tier when auto-scaling compute", () => {
        assertConfigProblem(withSection(prod(), "atlas", { autoScaling: { computeEnabled: true } }), "platform:atlas.autoScaling.computeMaxInstanceSize", /required when computeEnabled/);
        assertConfigProblem(withSection(prod(), "atlas", { autoScaling: { computeMaxInstanceSize: "M20" } }), "platform:atlas.autoScaling.computeMaxInstanceSize", /M20 is smaller than instanceSize M30/);
    });

    it("rejects a region Atlas does not serve, naming the region key", () => {
        const raw = prod();
        raw.regions = raw.regions.map((r: any, i: number) => (i === 1 ? { ...r, name: "ap-southeast-7" } : r)); // a real AWS region (made-up ones fail earlier) that Atlas does not serve
        assertConfigProblem(raw, "platform:regions[1].name", /MongoDB Atlas has no AWS region "ap-southeast-7"/);
    });
});

describe("atlas: synthesized", () => {
    let dev: SynthesisResult;
    let staging: SynthesisResult;
    let prod: SynthesisResult;
    before(async function () {
        this.timeout(300_000); // three stack syntheses, shared with the other specs through the cache
        dev = await synthesizeStack("dev");
        staging = await synthesizeStack("staging");
        prod = await synthesizeStack("prod");
    });

    it("creates the project in the configured org, tagged like every data resource (pii)", () => {
        for (const result of [dev, prod]) {
            const project = single(result, PROJECT);
            assert.strictEqual(project.inputs.orgId, "64b7d1a2e4b0c91f2a3d5e10");
            assert.strictEqual(project.inputs.name, `platform-${result.stack}`);
            assert.deepStrictEqual(project.inputs.tags, { env: result.stack, owner: "platform-team", "cost-center": "cc-1001", service: "atlas", "data-classification": "pii" });
            assert.strictEqual(sourceOf(result, cluster(result), "projectId", PROJECT).urn, project.urn);
        }
    });

    it("runs a dedicated cluster with continuous backup, PIT, TLS 1.2+, no JavaScript and AWS KMS encryption, in every stack", () => {
        for (const result of [dev, staging, prod]) {
            const inputs = cluster(result).inputs;
            assert.strictEqual(inputs.clusterType, "REPLICASET");
            assert.strictEqual(inputs.backupEnabled, true);
            assert.strictEqual(inputs.pitEnabled, true);
            assert.strictEqual(inputs.encryptionAtRestProvider, "AWS");
            assert.strictEqual(inputs.advancedConfiguration.minimumEnabledTlsProtocol, "TLS1_2");
            assert.strictEqual(inputs.advancedConfiguration.javascriptEnabled, false);
            assert.strictEqual(inputs.redactClientLogData, true);
            assert.strictEqual(inputs.tags["data-classification"], "pii");
        }
    });

    it("turns on database auditing for the project with the platform's filter", () => {
        for (const result of [dev, staging, prod]) {
            const auditing = single(result, AUDITING);
            assert.strictEqual(auditing.inputs.enabled, true);
            assert.strictEqual(auditing.inputs.auditFilter, atlasAuditFilter());
            assert.strictEqual(auditing.inputs.auditAuthorizationSuccess, false);
            assert.strictEqual(sourceOf(result, auditing, "projectId", PROJECT).urn, single(result, PROJECT).urn);
        }
    });

    it("staging: termination protected and protected like prod, single region", () => {
        const c = cluster(staging);
        assert.deepStrictEqual([c.inputs.terminationProtectionEnabled, c.options.protect, c.inputs.replicationSpecs[0].regionConfigs.length], [true, true, 1]);
    });

    it("dev: one region (US_EAST_1, 3 electable M10 nodes), no termination protection, not protected", () => {
        const c = cluster(dev);
        const regionConfigs = c.inputs.replicationSpecs[0].regionConfigs;
        assert.deepStrictEqual(
            regionConfigs.map((r: any) => [r.regionName, r.priority, r.electableSpecs.instanceSize, r.electableSpecs.nodeCount]),
            [["US_EAST_1", 7, "M10", 3]],
        );
        assert.strictEqual(c.inputs.terminationProtectionEnabled, false);
        assert.strictEqual(c.options.protect, false);
        assert.strictEqual(c.inputs.retainBackupsEnabled, false);
    });

    it("prod: replicated across both regions (3 electable in us-east-1 at priority 7, 2 in us-west-2 at 6), termination protected and protected", () => {
        const c = cluster(prod);
        const regionConfigs = c.inputs.replicationSpecs[0].regionConfigs;
        assert.deepStrictEqual(
            regionConfigs.map((r: any) => [r.regionName, r.priority, r.electableSpecs?.nodeCount]),
            [
                ["US_EAST_1", 7, 3],
                ["US_WEST_2", 6, 2],
            ],
        );
        assert.strictEqual(c.inputs.terminationProtectionEnabled, true);
        assert.strictEqual(c.options.protect, true);
        assert.strictEqual(c.inputs.retainBackupsEnabled, true);
        assert.strictEqual(single(prod, PROJECT).options.protect, true);
        assert.strictEqual(single(prod, ENCRYPTION_AT_REST).options.protect, true);
    });

    it("schedules backups for the cluster with the configured restore window; prod copies them (and oplogs) to us-west-2", () => {
        const devSchedule = single(dev, BACKUP_SCHEDULE);
        assert.strictEqual(devSchedule.inputs.restoreWindowDays, 7);
        assert.deepStrictEqual(devSchedule.inputs.policyItemMonthlies, [{ frequencyInterval: 40, retentionUnit: "months", retentionValue: 1 }]);
        assert.strictEqual(devSchedule.inputs.clusterName, "platform-dev");
        assert.ok(sourcesOf(dev, devSchedule, "clusterName").some((r) => r.type === CLUSTER));
        assert.strictEqual(devSchedule.inputs.copySettings, undefined);

        const prodSchedule = single(prod, BACKUP_SCHEDULE);
        assert.strictEqual(prodSchedule.inputs.restoreWindowDays, 7);
        assert.deepStrictEqual(prodSchedule.inputs.policyItemDaily, { frequencyInterval: 1, retentionUnit: "days", retentionValue: 14 });
        assert.strictEqual(prodSchedule.inputs.policyItemHourly.retentionValue, 3);
        assert.strictEqual(prodSchedule.inputs.policyItemWeeklies[0].retentionValue, 8);
        assert.strictEqual(prodSchedule.inputs.policyItemMonthlies[0].retentionValue, 12);
        const [copy] = prodSchedule.inputs.copySettings;
        assert.deepStrictEqual([prodSchedule.inputs.copySettings.length, copy.regionName, copy.shouldCopyOplogs], [1, "US_WEST_2", true]);
        assert.match(copy.zoneId, /^[0-9a-f]{24}$/);
    });

    it("encrypts at rest with the primary region's data key through Atlas's cloud-provider access role", () => {
        for (const result of [dev, prod]) {
            const encryption = single(result, ENCRYPTION_AT_REST);
            const kms = encryption.inputs.awsKmsConfig;
            assert.strictEqual(kms.enabled, true);
            assert.strictEqual(kms.region, "US_EAST_1");
            const key = sourceOf(result, encryption, "awsKmsConfig", "aws:kms/key:Key");
            assert.ok(key.name.endsWith("-use1-keys-data"), `encrypted with ${key.name}`);
            const authorization = sourceOf(result, encryption, "awsKmsConfig", ACCESS_AUTHORIZATION);

            // The authorization names the role, the role trusts Atlas's account with the setup's external id.
            const role = sourceOf(result, authorization, "aws", ROLE);
            assert.ok(sourcesOf(result, role, "assumeRolePolicy").some((r) => r.type === ACCESS_SETUP));
            const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement[0];
            assert.deepStrictEqual(Object.keys(trust.Principal), ["AWS"]);
            assert.match(trust.Condition.StringEquals["sts:ExternalId"], /^[0-9a-f-]{36}$/);

            // The role may use exactly that key, and the authorization waits for the permission.
            const [rolePolicy] = dependentsOf(result, role, "role").filter((r) => r.type === ROLE_POLICY);
            assert.ok(rolePolicy, "no policy on the Atlas role");
            assert.strictEqual(sourceOf(result, rolePolicy, "policy", "aws:kms/key:Key").urn, key.urn);
            assert.deepStrictEqual(policyOf(rolePolicy).Statement.map((s: any) => s.Action), [["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"]]);
            assert.match(policyOf(rolePolicy).Statement[0].Resource, /^arn:aws:kms:us-east-1:\d{12}:key\//);
            assert.ok(authorization.options.dependsOn.includes(rolePolicy.urn));

            // The cluster is created only once the project's encryption is configured.
            assert.ok(cluster(result).options.dependsOn.includes(encryption.urn));
        }
    });

    it("reaches the cluster only through PrivateLink: an Atlas endpoint service and an interface endpoint per cluster region", () => {
        for (const [result, regions] of [
            [dev, ["us-east-1"]],
            [prod, ["us-east-1", "us-west-2"]],
        ] as Array<[SynthesisResult, string[]]>) {
            assert.deepStrictEqual(ofType(result, ACCESS_LIST), [], `${result.stack} has IP access-list entries`);
            const endpoints = ofType(result, PRIVATE_LINK);
            assert.deepStrictEqual(endpoints.map((e) => e.inputs.region).sort(), regions.map(atlasRegionName).sort());
            for (const endpoint of endpoints) {
                assert.strictEqual(endpoint.inputs.providerName, "AWS");
                const [vpcEndpoint] = dependentsOf(result, endpoint, "serviceName");
                assert.strictEqual(vpcEndpoint.type, VPC_ENDPOINT);
                assert.strictEqual(vpcEndpoint.region, endpoint.inputs.region.toLowerCase().replace(/_/g, "-"), "endpoint in another region's VPC");
                assert.strictEqual(vpcEndpoint.inputs.vpcEndpointType, "Interface");
                assert.strictEqual(vpcEndpoint.inputs.privateDnsEnabled, false);
                const subnets = sourcesOf(result, vpcEndpoint, "subnetIds");
                assert.ok(subnets.length >= 2 && subnets.every((s) => s.type === "aws:ec2/subnet:Subnet" && /-private-\d+$/.test(s.name)), "not in the private subnets");
                const securityGroup = sourceOf(result, vpcEndpoint, "securityGroupIds", SECURITY_GROUP);
                const vpc = sourceOf(result, securityGroup, "vpcId", "aws:ec2/vpc:Vpc");
                assert.deepStrictEqual(securityGroup.inputs.ingress, [
                    {
                        protocol: "tcp",
                        fromPort: ATLAS_PRIVATE_LINK_PORTS.from,
                        toPort: ATLAS_PRIVATE_LINK_PORTS.to,
                        cidrBlocks: [vpc.inputs.cidrBlock],
                        description: "MongoDB from the VPC through the Atlas endpoint",
                    },
                ]);
                const [link] = dependentsOf(result, vpcEndpoint, "endpointServiceId");
                assert.strictEqual(link.type, PRIVATE_LINK_SERVICE);
                assert.ok(sourcesOf(result, link, "privateLinkId").some((r) => r.urn === endpoint.urn));
                assert.ok(cluster(result).options.dependsOn.includes(link.urn), "cluster created before the link: no private connection strings");
            }
        }
    });

    it("without PrivateLink admits only the NAT gateways' addresses (plus configured CIDRs), never the world", async function () {
        this.timeout(120_000);
        const result = await synthesizeStack("prod", { atlas: natOnlyExistingProject() });
        assert.deepStrictEqual(ofType(result, PRIVATE_LINK), []);
        const entries = ofType(result, ACCESS_LIST);
        const natEntries = entries.filter((e) => e.inputs.ipAddress !== undefined);
        const nats = ofType(result, "aws:ec2/natGateway:NatGateway");
        assert.strictEqual(natEntries.length, nats.length);
        assert.strictEqual(nats.length, 6, "three NAT gateways per prod region");
        for (const entry of natEntries) {
            assert.strictEqual(sourceOf(result, entry, "ipAddress", "aws:ec2/natGateway:NatGateway").type, "aws:ec2/natGateway:NatGateway");
            assert.match(entry.inputs.ipAddress, /^\d+\.\d+\.\d+\.\d+$/);
        }
        assert.deepStrictEqual(
            entries.filter((e) => e.inputs.cidrBlock !== undefined).map((e) => e.inputs.cidrBlock),
            ["198.51.100.0/24"],
        );
        assert.ok(entries.every((e) => e.inputs.cidrBlock !== "0.0.0.0/0" && e.inputs.ipAddress !== "0.0.0.0"));
    });

    it("uses an existing project instead of creating one when projectId is configured", async function () {
        this.timeout(120_000);
        const result = await synthesizeStack("prod", { atlas: natOnlyExistingProject() });
        assert.deepStrictEqual(ofType(result, PROJECT), []);
        assert.strictEqual(cluster(result).inputs.projectId, EXISTING_PROJECT_ID);
        assert.ok(ofType(result, DATABASE_USER).every((u) => u.inputs.projectId === EXISTING_PROJECT_ID));
    });

    it("creates a password-less IAM database user for each Atlas service's role in every region, and none for other services", () => {
        for (const [result, regionCodes] of [
            [dev, ["use1"]],
            [prod, ["use1", "usw2"]],
        ] as Array<[SynthesisResult, string[]]>) {
            const users = ofType(result, DATABASE_USER);
            const expected = regionCodes.flatMap((code) => ["gamification", "notification"].map((s) => `${result.stack}-${code}-service-access-${s}-atlas-user`));
            assert.deepStrictEqual(users.map((u) => u.name).sort(), expected.sort());
            for (const user of users) {
                const service = /service-access-(\w+)-atlas-user$/.exec(user.name)![1];
                const role = sourceOf(result, user, "username", ROLE);
                assert.ok(role.name.endsWith(`-service-access-${service}-role`), `${user.name} maps ${role.name}`);
                assert.match(user.inputs.username, new RegExp(`^arn:aws:iam::\\d{12}:role/${role.name}`));
                assert.strictEqual(user.inputs.awsIamType, "ROLE");
                assert.strictEqual(user.inputs.authDatabaseName, ATLAS_EXTERNAL_AUTH_DATABASE);
                assert.deepStrictEqual(user.inputs.roles, [{ roleName: "readWrite", databaseName: service }]);
                assert.deepStrictEqual(user.inputs.scopes, [{ name: `platform-${result.stack}`, type: "CLUSTER" }]);
                assert.strictEqual(user.inputs.password, undefined);
                assert.strictEqual(user.inputs.passwordWo, undefined);
            }
        }
    });

    it("uses an explicit Atlas provider that carries no credentials (they come from the environment)", () => {
        for (const result of [dev, prod]) {
            const [provider] = ofType(result, ATLAS_PROVIDER);
            assert.ok(provider, "no explicit mongodbatlas provider");
            for (const key of ["publicKey", "privateKey", "clientId", "clientSecret", "accessToken", "awsSecretAccessKey"]) {
                assert.strictEqual(provider.inputs[key], undefined, `provider sets ${key}`);
            }
            const atlasResources = result.resources.filter((r) => r.type.startsWith("mongodbatlas:"));
            assert.ok(atlasResources.length > 0 && atlasResources.every((r) => r.provider?.startsWith(provider.urn)), "an Atlas resource uses the default provider");
        }
    });
});
