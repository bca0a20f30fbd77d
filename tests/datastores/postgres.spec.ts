/**
 * RDS PostgreSQL: the pure rules (parameter family and parameters, windows, retention values), the
 * synthesized instance per environment (dev single-AZ and unprotected; staging/prod Multi-AZ, protected,
 * final snapshot; prod cross-region replica), and bad config rejected with the key named.
 */
import * as assert from "assert";
import {
    ENHANCED_MONITORING_POLICY_ARN,
    finalSnapshotIdentifier,
    POSTGRES_LOG_EXPORTS,
    postgresParameterGroupFamily,
    postgresParameters,
    rdsLogGroupName,
} from "../../components/datastores/postgres";
import { nodeSecurityGroupIds } from "../support/nodes";
import { isValidPerformanceInsightsRetention } from "../../config/sections/datastores/postgres";
import { dailyWindowOverlapsWeekly } from "../../config/sections/datastores/windows";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { assertConfigProblem, keyBehind, sourceOf, sourcesOf, stackConfig, withSection } from "./support";
import { ofType, single, STACKS, synthesizeStack } from "../support/synthesis";

const INSTANCE = "aws:rds/instance:Instance";
const PRIMARY_REGION = "us-east-1";

function primaryInstance(result: SynthesisResult): SynthesizedResource {
    return single(result, INSTANCE, "-use1-postgres-instance");
}

describe("postgres: pure rules", () => {
    it("derives the parameter group family from the engine major", () => {
        assert.strictEqual(postgresParameterGroupFamily("17"), "postgres17");
        assert.strictEqual(postgresParameterGroupFamily("16.4"), "postgres16");
        assert.throws(() => postgresParameterGroupFamily("seventeen"), /not a PostgreSQL version/);
    });

    it("forces TLS (1.2+), SCRAM passwords and logs slow statements, connections, DDL and lock waits", () => {
        const parameters = Object.fromEntries(postgresParameters({ logMinDurationStatementMs: 250 }).map((p) => [p.name, p.value]));
        assert.strictEqual(parameters["rds.force_ssl"], "1");
        assert.strictEqual(parameters.ssl_min_protocol_version, "TLSv1.2");
        assert.strictEqual(parameters.password_encryption, "scram-sha-256");
        assert.strictEqual(parameters.log_min_duration_statement, "250");
        assert.strictEqual(parameters.log_connections, "1");
        assert.strictEqual(parameters.log_disconnections, "1");
        assert.strictEqual(parameters.log_lock_waits, "1");
        assert.strictEqual(parameters.log_statement, "ddl");
    });

    it("names the log groups RDS exports to and the final snapshot", () => {
        assert.strictEqual(rdsLogGroupName("platform-prod-use1-postgres", "postgresql"), "/aws/rds/instance/platform-prod-use1-postgres/postgresql");
        assert.strictEqual(finalSnapshotIdentifier("platform-prod-use1-postgres"), "platform-prod-use1-postgres-final");
    });

    it("accepts only the Performance Insights retentions RDS accepts", () => {
        for (const days of [7, 31, 93, 713, 731]) {
            assert.ok(isValidPerformanceInsightsRetention(days), `${days} should be valid`);
        }
        for (const days of [0, 8, 30, 32, 744, 732]) {
            assert.ok(!isValidPerformanceInsightsRetention(days), `${days} should be invalid`);
        }
    });

    it("detects daily windows that overlap a weekly maintenance window, across midnight and week ends", () => {
        assert.strictEqual(dailyWindowOverlapsWeekly("03:00-04:00", "sun:04:30-sun:05:30"), false);
        assert.strictEqual(dailyWindowOverlapsWeekly("04:00-05:00", "sun:04:30-sun:05:30"), true);
        assert.strictEqual(dailyWindowOverlapsWeekly("23:30-00:30", "mon:00:00-mon:01:00"), true);
        assert.strictEqual(dailyWindowOverlapsWeekly("00:30-01:30", "sun:23:00-mon:01:00"), true);
        assert.strictEqual(dailyWindowOverlapsWeekly("02:00-03:00", "sun:23:00-mon:01:00"), false);
    });
});

describe("postgres: synthesized instance", () => {
    for (const stack of STACKS) {
        describe(stack, () => {
            const config = stackConfig(stack).postgres;

            it("runs the configured engine in the primary region, encrypted with the region's data key, never public", async () => {
                const result = await synthesizeStack(stack);
                const instance = primaryInstance(result);
                const i = instance.inputs;
                assert.strictEqual(instance.region, PRIMARY_REGION);
                assert.strictEqual(i.engine, "postgres");
                assert.strictEqual(i.engineVersion, config.engineVersion);
                assert.strictEqual(i.instanceClass, config.instanceClass);
                assert.strictEqual(i.identifier, `platform-${stack}-use1-postgres`);
                assert.strictEqual(i.storageEncrypted, true);
                assert.strictEqual(keyBehind(result, instance, "kmsKeyId"), `${PRIMARY_REGION}/data`);
                assert.strictEqual(i.publiclyAccessible, false);
                assert.strictEqual(i.storageType, "gp3");
                assert.strictEqual(i.allocatedStorage, config.allocatedStorageGiB);
                assert.strictEqual(i.maxAllocatedStorage, config.maxAllocatedStorageGiB);
                assert.strictEqual(i.dbName, config.databaseName);
                assert.strictEqual(i.caCertIdentifier, "rds-ca-rsa2048-g1");
                assert.strictEqual(i.autoMinorVersionUpgrade, true);
                assert.strictEqual(i.allowMajorVersionUpgrade, false);
                assert.strictEqual(i.port, 5432);
                // The backup plan selects the instance by its backup-plan tag where the stack configures AWS Backup.
                const backupTag = stackConfig(stack).backup ? { "backup-plan": `${stack}-platform` } : {};
                assert.deepStrictEqual(i.tags, { Name: `platform-${stack}-use1-postgres`, service: "postgres", "data-classification": "pii", ...backupTag });
            });

            it("keeps the master password in Secrets Manager as configured (RDS-managed under the data key, or the stack's), and enables IAM auth", async () => {
                const result = await synthesizeStack(stack);
                const instance = primaryInstance(result);
                if ((config.masterUserManagement ?? "rds") === "rds") {
                    assert.strictEqual(instance.inputs.manageMasterUserPassword, true);
                    assert.strictEqual(instance.inputs.password, undefined);
                    assert.strictEqual(keyBehind(result, instance, "masterUserSecretKmsKeyId"), `${PRIMARY_REGION}/data`);
                } else {
                    // The stack's own secret and its rotation: postgresMasterSecret.spec.ts.
                    assert.strictEqual(instance.inputs.manageMasterUserPassword, false);
                    assert.strictEqual(sourceOf(result, instance, "password", "random:index/randomPassword:RandomPassword").region, PRIMARY_REGION);
                }
                assert.strictEqual(instance.inputs.iamDatabaseAuthenticationEnabled, true);
                assert.strictEqual(instance.inputs.username, "platform_admin");
            });

            it("keeps automated backups with the configured retention and windows, copying tags to snapshots", async () => {
                const i = primaryInstance(await synthesizeStack(stack)).inputs;
                assert.strictEqual(i.backupRetentionPeriod, config.backupRetentionDays);
                assert.strictEqual(i.backupWindow, "03:00-04:00");
                assert.strictEqual(i.maintenanceWindow, "sun:04:30-sun:05:30");
                assert.strictEqual(i.copyTagsToSnapshot, true);
                assert.strictEqual(i.deleteAutomatedBackups, false);
            });

            it("has Performance Insights (data key), Enhanced Monitoring with its own role, and log exports to owned log groups", async () => {
                const result = await synthesizeStack(stack);
                const instance = primaryInstance(result);
                const i = instance.inputs;
                assert.strictEqual(i.performanceInsightsEnabled, true);
                assert.strictEqual(keyBehind(result, instance, "performanceInsightsKmsKeyId"), `${PRIMARY_REGION}/data`);
                assert.strictEqual(i.performanceInsightsRetentionPeriod, config.performanceInsightsRetentionDays);
                assert.strictEqual(i.monitoringInterval, config.monitoringIntervalSeconds);

                const role = sourceOf(result, instance, "monitoringRoleArn", "aws:iam/role:Role");
                const trust = JSON.parse(role.inputs.assumeRolePolicy);
                assert.deepStrictEqual(trust.Statement.map((s: any) => s.Principal.Service), ["monitoring.rds.amazonaws.com"]);
                const attachment = ofType(result, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").find((a) => a.propertyDependencies.role?.includes(role.urn));
                assert.strictEqual(attachment?.inputs.policyArn, ENHANCED_MONITORING_POLICY_ARN);

                assert.deepStrictEqual(i.enabledCloudwatchLogsExports, [...POSTGRES_LOG_EXPORTS]);
                for (const logType of POSTGRES_LOG_EXPORTS) {
                    const logGroup = ofType(result, "aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.name === rdsLogGroupName(i.identifier, logType));
                    assert.ok(logGroup, `no log group for ${logType}`);
                    assert.strictEqual(logGroup.inputs.retentionInDays, stackConfig(stack).logRetentionDays);
                    assert.strictEqual(keyBehind(result, logGroup, "kmsKeyId"), `${PRIMARY_REGION}/logs`);
                    assert.ok(instance.options.dependsOn.includes(logGroup.urn), `the instance must wait for ${logGroup.name}, or RDS creates it unencrypted`);
                }
            });

            it("uses a parameter group of the engine's family that forces SSL", async () => {
                const result = await synthesizeStack(stack);
                const group = sourceOf(result, primaryInstance(result), "parameterGroupName", "aws:rds/parameterGroup:ParameterGroup");
                assert.strictEqual(group.inputs.family, "postgres17");
                const forceSsl = group.inputs.parameters.find((p: any) => p.name === "rds.force_ssl");
                assert.strictEqual(forceSsl?.value, "1");
            });

            it("sits in the isolated database subnets behind a group that admits 5432 only from the cluster", async () => {
                const result = await synthesizeStack(stack);
                const instance = primaryInstance(result);
                const subnetGroup = sourceOf(result, instance, "dbSubnetGroupName", "aws:rds/subnetGroup:SubnetGroup");
                const subnets = sourcesOf(result, subnetGroup, "subnetIds");
                const azCount = stackConfig(stack).regions[0].azCount;
                assert.strictEqual(subnets.length, azCount);
                assert.ok(subnets.every((s) => s.type === "aws:ec2/subnet:Subnet" && s.name.includes("-network-database-")), subnets.map((s) => s.name).join());

                const securityGroup = sourceOf(result, instance, "vpcSecurityGroupIds", "aws:ec2/securityGroup:SecurityGroup");
                // Besides the cluster, only the master password rotation function (stack-managed mode; postgresMasterSecret.spec.ts).
                const rotationGroups = ofType(result, "aws:ec2/securityGroup:SecurityGroup").filter((g) => g.name.endsWith("-postgres-rotation-sg"));
                assert.strictEqual(securityGroup.inputs.ingress.length, 1 + rotationGroups.length);
                const [rule] = securityGroup.inputs.ingress;
                assert.deepStrictEqual([rule.protocol, rule.fromPort, rule.toPort], ["tcp", 5432, 5432]);
                assert.strictEqual(rule.cidrBlocks, undefined, "no CIDR-based access");
                assert.deepStrictEqual([...rule.securityGroups].sort(), nodeSecurityGroupIds(result, instance.region!), "exactly the groups the nodes (so the pods) carry");
                assert.deepStrictEqual(securityGroup.inputs.egress, []);
            });
        });
    }

    it("dev: single-AZ, short retention, no deletion protection, no final snapshot, not protected", async () => {
        const instance = primaryInstance(await synthesizeStack("dev"));
        assert.strictEqual(instance.inputs.multiAz, false);
        assert.strictEqual(instance.inputs.backupRetentionPeriod, 1);
        assert.strictEqual(instance.inputs.deletionProtection, false);
        assert.strictEqual(instance.inputs.skipFinalSnapshot, true);
        assert.strictEqual(instance.inputs.finalSnapshotIdentifier, undefined);
        assert.strictEqual(instance.options.protect, false);
    });

    for (const stack of ["staging", "prod"] as const) {
        it(`${stack}: Multi-AZ, deletion protection, a final snapshot and pulumi protect`, async () => {
            const instance = primaryInstance(await synthesizeStack(stack));
            assert.strictEqual(instance.inputs.multiAz, true);
            assert.strictEqual(instance.inputs.deletionProtection, true);
            assert.strictEqual(instance.inputs.skipFinalSnapshot, false);
            assert.strictEqual(instance.inputs.finalSnapshotIdentifier, `platform-${stack}-use1-postgres-final`);
            assert.strictEqual(instance.options.protect, true);
        });
    }

    it("prod: keeps at least 14 days of backups", async () => {
        const instance = primaryInstance(await synthesizeStack("prod"));
        assert.ok(instance.inputs.backupRetentionPeriod >= 14, `found ${instance.inputs.backupRetentionPeriod}`);
    });

    it("prod: an encrypted cross-region read replica of the primary in us-west-2, with that region's keys", async () => {
        const result = await synthesizeStack("prod");
        const primary = primaryInstance(result);
        const replica = single(result, INSTANCE, "-usw2-postgres-replica-instance");
        assert.strictEqual(replica.region, "us-west-2");
        assert.strictEqual(sourceOf(result, replica, "replicateSourceDb", INSTANCE).urn, primary.urn);
        assert.strictEqual(replica.inputs.replicateSourceDb, `arn:aws:rds:us-east-1:333344445555:db:${primary.inputs.identifier}`);
        assert.strictEqual(replica.inputs.storageEncrypted, true);
        assert.strictEqual(keyBehind(result, replica, "kmsKeyId"), "us-west-2/data");
        assert.strictEqual(keyBehind(result, replica, "performanceInsightsKmsKeyId"), "us-west-2/data");
        // A replica inherits database, user and password from its source; RDS refuses them here.
        for (const inherited of ["dbName", "username", "manageMasterUserPassword", "engine", "allocatedStorage"]) {
            assert.strictEqual(replica.inputs[inherited], undefined, `${inherited} must not be set on a replica`);
        }
        assert.strictEqual(replica.inputs.publiclyAccessible, false);
        assert.strictEqual(replica.inputs.deletionProtection, true);
        assert.strictEqual(replica.options.protect, true);
        const group = sourceOf(result, replica, "parameterGroupName", "aws:rds/parameterGroup:ParameterGroup");
        assert.strictEqual(group.region, "us-west-2");
        assert.ok(group.inputs.parameters.some((p: any) => p.name === "rds.force_ssl" && p.value === "1"));
        const subnetGroup = sourceOf(result, replica, "dbSubnetGroupName", "aws:rds/subnetGroup:SubnetGroup");
        assert.ok(sourcesOf(result, subnetGroup, "subnetIds").every((s) => s.name.startsWith("prod-usw2-network-database-")));
    });

    it("dev and staging (one region) have exactly one instance and no replica", async () => {
        for (const stack of ["dev", "staging"]) {
            assert.strictEqual(ofType(await synthesizeStack(stack), INSTANCE).length, 1, stack);
        }
    });

    it("exports the endpoints for operators, and no credential or secret reference", async () => {
        const result = await synthesizeStack("prod");
        const [primary, secondary] = revealSecrets(result.outputs).regions.map((r: any) => r.dataStores);
        assert.match(primary.postgresEndpoint, /^platform-prod-use1-postgres\.c[0-9a-f]+\.us-east-1\.rds\.amazonaws\.com:5432$/);
        assert.match(secondary.postgresEndpoint, /^platform-prod-usw2-postgres-replica\./);
        assert.doesNotMatch(JSON.stringify([primary, secondary]), /secretsmanager|password/i);
    });
});

describe("postgres: bad config is rejected with the key named", () => {
    const prod = () => stackConfig("prod");

    it("an unknown engine", () => {
        assertConfigProblem(withSection(prod(), "postgres", { engine: "mysql" }), "platform:postgres.engine", /expected "postgres".*found "mysql"/);
    });

    it("an engine version older than 14 or not a version", () => {
        assertConfigProblem(withSection(prod(), "postgres", { engineVersion: "12.19" }), "platform:postgres.engineVersion", /14 or later/);
        assertConfigProblem(withSection(prod(), "postgres", { engineVersion: "latest" }), "platform:postgres.engineVersion", /found "latest"/);
    });

    it("backup retention below the stack's floor (prod: 14 days)", () => {
        assertConfigProblem(withSection(prod(), "postgres", { backupRetentionDays: 7 }), "platform:postgres.backupRetentionDays", /7 days is below the floor of 14 \(minimumBackupRetentionDays is 14\)/);
    });

    it("backup retention below the week every protected stack keeps, whatever its own floor", () => {
        const raw = withSection(stackConfig("staging"), "postgres", { backupRetentionDays: 3, minimumBackupRetentionDays: 1 });
        assertConfigProblem(raw, "platform:postgres.backupRetentionDays", /below the floor of 7 \(protectStatefulResources is true/);
    });

    it("deletion protection off in a protected stack", () => {
        assertConfigProblem(withSection(prod(), "postgres", { deletionProtection: false }), "platform:postgres.deletionProtection", /protectStatefulResources is true/);
    });

    it("a storage ceiling not above the allocation", () => {
        assertConfigProblem(withSection(prod(), "postgres", { maxAllocatedStorageGiB: 200 }), "platform:postgres.maxAllocatedStorageGiB", /must exceed allocatedStorageGiB 200/);
    });

    it("a backup window inside the maintenance window", () => {
        assertConfigProblem(withSection(prod(), "postgres", { backupWindow: "04:00-05:00" }), "platform:postgres.backupWindow", /overlaps maintenanceWindow/);
    });

    it("Performance Insights retention and monitoring intervals RDS does not accept", () => {
        assertConfigProblem(withSection(prod(), "postgres", { performanceInsightsRetentionDays: 30 }), "platform:postgres.performanceInsightsRetentionDays", /multiple of 31/);
        assertConfigProblem(withSection(prod(), "postgres", { monitoringIntervalSeconds: 0 }), "platform:postgres.monitoringIntervalSeconds", /found 0/);
    });

    it("a cross-region replica without a secondary region, or with the secondary listed first", () => {
        assertConfigProblem(withSection(stackConfig("dev"), "postgres", { crossRegionReplica: true }), "platform:postgres.crossRegionReplica", /no region has role "secondary"/);
        const raw = prod();
        raw.regions = [...raw.regions].reverse();
        assertConfigProblem(raw, "platform:postgres.crossRegionReplica", /list the primary region first.*us-west-2/);
    });

    it("an unknown key (a typo)", () => {
        assertConfigProblem(withSection(prod(), "postgres", { multiAZ: true }), "platform:postgres.multiAZ", /unknown key/);
    });

    it("a missing postgres section", () => {
        const raw = prod();
        delete raw.postgres;
        assertConfigProblem(raw, "platform:postgres", /required but missing/);
    });
});
