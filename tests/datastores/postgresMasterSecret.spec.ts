/**
 * The stack-managed Postgres master password (prod: a cross-region replica, which RDS refuses for a source
 * whose password it manages): config validation, the generated password, our secret (CMK, replicated), its
 * rotation by AWS's single-user function (application, parameters, network access), and the RDS-managed mode
 * kept where there is no replica.
 */
import { nodeSecurityGroupIds } from "../support/nodes";
import * as assert from "assert";
import { masterSecretValue, ROTATION_APPLICATION_CAPABILITIES, ROTATION_APPLICATION_ID } from "../../components/datastores/postgresMasterSecret";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { ofType, single, synthesizeStack } from "../support/synthesis";
import { assertConfigProblem, descendantsOf, keyBehind, sourceOf, sourcesOf, stackConfig, withSection } from "./support";

const INSTANCE = "aws:rds/instance:Instance";
const SECRET = "aws:secretsmanager/secret:Secret";
const APPLICATION = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";

function primary(result: SynthesisResult): SynthesizedResource {
    return single(result, INSTANCE, "-use1-postgres-instance");
}

describe("postgres master secret: config", () => {
    it("refuses an RDS-managed master password on a source of cross-region replicas, naming both keys", () => {
        const raw = withSection(stackConfig("prod"), "postgres", { masterUserManagement: "rds" });
        assertConfigProblem(raw, "platform:postgres.masterUserManagement", /"rds" while crossRegionReplica is true: RDS refuses to create a read replica .* expected "stack"/);
    });

    it("accepts either mode without replicas, and defaults to RDS-managed", () => {
        const staging = stackConfig("staging");
        assert.strictEqual(staging.postgres.masterUserManagement, undefined);
        assertConfigProblem(withSection(staging, "postgres", { masterRotationDays: 0 }), "platform:postgres.masterRotationDays", /0/);
        assertConfigProblem(withSection(staging, "postgres", { rotationFunctionVersion: "latest" }), "platform:postgres.rotationFunctionVersion", /semantic version/);
    });
});

describe("postgres master secret: prod (stack-managed, replicated, rotated)", () => {
    let prod: SynthesisResult;
    before(async () => {
        prod = await synthesizeStack("prod");
    });

    it("has no replica whose source lets RDS manage its master password", () => {
        const replicas = ofType(prod, INSTANCE).filter((i) => i.inputs.replicateSourceDb !== undefined);
        assert.ok(replicas.length > 0);
        for (const replica of replicas) {
            const source = sourceOf(prod, replica, "replicateSourceDb", INSTANCE);
            assert.notStrictEqual(source.inputs.manageMasterUserPassword, true, `${replica.name} replicates ${source.name}, whose password RDS manages`);
        }
    });

    it("creates the source with a generated password, wrapped as a secret, that later updates leave alone", () => {
        const instance = primary(prod);
        assert.strictEqual(instance.inputs.manageMasterUserPassword, false);
        assert.strictEqual(instance.inputs.masterUserSecretKmsKeyId, undefined);
        assert.notStrictEqual(revealSecrets(instance.inputs.password), instance.inputs.password, "the password input must be a Pulumi secret");
        const generator = sourceOf(prod, instance, "password", "random:index/randomPassword:RandomPassword");
        assert.ok(generator.inputs.length >= 32 && generator.inputs.special === false, JSON.stringify(generator.inputs));
        // prod's AWS Backup continuous backup owns the retention and window as well (components/dr/backup.ts).
        assert.deepStrictEqual(instance.options.ignoreChanges, ["password", "backupRetentionPeriod", "backupWindow"]);
    });

    it("stores it in a secret of ours under the data key, outside the shared External Secrets path, replicated under the replica region's key", () => {
        const secret = single(prod, SECRET, "-use1-postgres-master-secret");
        assert.strictEqual(secret.region, "us-east-1");
        assert.strictEqual(keyBehind(prod, secret, "kmsKeyId"), "us-east-1/data");
        assert.ok(!secret.inputs.name.startsWith("platform/prod/"), `${secret.inputs.name} would be readable by the shared External Secrets role`);
        assert.deepStrictEqual(secret.inputs.replicas.map((r: { region: string }) => r.region), ["us-west-2"]);
        const replicaKey = sourcesOf(prod, secret, "replicas").find((r) => r.type === "aws:kms/key:Key" && r.region === "us-west-2");
        assert.ok(replicaKey?.name.endsWith("-usw2-keys-data"), "the replica is encrypted with us-west-2's data key");
        assert.match(secret.inputs.replicas[0].kmsKeyId, /^arn:aws:kms:us-west-2:\d{12}:key\//);
        assert.strictEqual(secret.options.protect, true);
    });

    it("holds the value the rotation function reads: engine, host, port, username, password, dbname", () => {
        const instance = primary(prod);
        const version = ofType(prod, "aws:secretsmanager/secretVersion:SecretVersion").find((v) => sourcesOf(prod, v, "secretId").some((s) => s.type === SECRET && s.name.endsWith("-use1-postgres-master-secret")))!;
        const value = JSON.parse(revealSecrets(version.inputs.secretString));
        assert.deepStrictEqual(Object.keys(value).sort(), ["dbname", "engine", "host", "password", "port", "username"]);
        assert.strictEqual(value.engine, "postgres");
        assert.match(value.host, new RegExp(`^${instance.inputs.identifier}\\.`));
        assert.strictEqual(value.port, 5432);
        assert.strictEqual(value.username, instance.inputs.username);
        assert.strictEqual(value.dbname, instance.inputs.dbName);
        assert.strictEqual(value.password, revealSecrets(instance.inputs.password));
        assert.notStrictEqual(revealSecrets(version.inputs.secretString), version.inputs.secretString, "the secret string must be a Pulumi secret");
        assert.deepStrictEqual([...version.options.ignoreChanges].sort(), ["secretString", "versionStages"], "rotation must not be undone by the next update");
    });

    it("rotates it on the configured schedule with AWS's single-user PostgreSQL function, pinned, encrypted with the same key", () => {
        const rotation = single(prod, "aws:secretsmanager/secretRotation:SecretRotation", "-use1-postgres-master-rotation");
        assert.ok(sourcesOf(prod, rotation, "secretId").some((s) => s.name.endsWith("-use1-postgres-master-secret")));
        assert.deepStrictEqual(rotation.inputs.rotationRules, { automaticallyAfterDays: stackConfig("prod").postgres.masterRotationDays });
        const application = sourceOf(prod, rotation, "rotationLambdaArn", APPLICATION);
        assert.strictEqual(application.region, "us-east-1");
        assert.strictEqual(application.inputs.applicationId, ROTATION_APPLICATION_ID);
        assert.match(application.inputs.semanticVersion, /^\d+\.\d+\.\d+$/);
        assert.deepStrictEqual(application.inputs.capabilities, ROTATION_APPLICATION_CAPABILITIES);
        assert.match(rotation.inputs.rotationLambdaArn, new RegExp(`:function:${application.inputs.parameters.functionName}$`));
        const parameters = application.inputs.parameters;
        assert.deepStrictEqual(Object.keys(parameters).sort(), ["endpoint", "functionName", "kmsKeyArn", "vpcSecurityGroupIds", "vpcSubnetIds"]);
        assert.strictEqual(parameters.endpoint, "https://secretsmanager.us-east-1.amazonaws.com");
        assert.ok(parameters.functionName.length <= 64);
        assert.strictEqual(parameters.kmsKeyArn, single(prod, SECRET, "-use1-postgres-master-secret").inputs.kmsKeyId, "the function may decrypt only with the secret's key");
    });

    it("runs the function in the database subnets, reaching Postgres and the Secrets Manager endpoint and nothing else", () => {
        const application = single(prod, APPLICATION, "-use1-postgres-master-rotation-function");
        const subnets = sourcesOf(prod, application, "parameters").filter((r) => r.type === "aws:ec2/subnet:Subnet");
        assert.strictEqual(subnets.length, stackConfig("prod").regions[0].azCount);
        assert.ok(subnets.every((s) => s.name.startsWith("prod-use1-network-database-")), subnets.map((s) => s.name).join());
        assert.strictEqual(application.inputs.parameters.vpcSubnetIds.split(",").length, subnets.length);

        const group = sourcesOf(prod, application, "parameters").find((r) => r.type === SECURITY_GROUP)!;
        assert.ok(group.name.endsWith("-use1-postgres-rotation-sg"));
        assert.deepStrictEqual(group.inputs.ingress, []);
        const vpcCidr = stackConfig("prod").regions[0].vpcCidr;
        assert.deepStrictEqual(
            group.inputs.egress.map((e: any) => [e.protocol, e.fromPort, e.toPort, e.cidrBlocks]),
            [
                ["tcp", 5432, 5432, [vpcCidr]],
                ["tcp", 443, 443, [vpcCidr]],
            ],
        );

        // The database admits it...
        const databaseGroup = sourceOf(prod, primary(prod), "vpcSecurityGroupIds", SECURITY_GROUP);
        assert.ok(sourcesOf(prod, databaseGroup, "ingress").includes(group), "the database's group must admit the rotation function's");
        // The other rule admits the nodes' group (tests/support/nodes.ts), now a single group as well.
        const nodeGroups = nodeSecurityGroupIds(prod, "us-east-1");
        const fromRotation = databaseGroup.inputs.ingress.filter((r: any) => !r.securityGroups.some((id: string) => nodeGroups.includes(id)));
        assert.deepStrictEqual(fromRotation.map((r: any) => [r.protocol, r.fromPort, r.toPort]), [["tcp", 5432, 5432]]);
        // ...and Secrets Manager answers inside the VPC (private DNS), on 443 from the VPC.
        const endpoint = ofType(prod, "aws:ec2/vpcEndpoint:VpcEndpoint").find((e) => e.inputs.serviceName === "com.amazonaws.us-east-1.secretsmanager")!;
        assert.strictEqual(endpoint.inputs.privateDnsEnabled, true);
        const endpointGroup = sourceOf(prod, endpoint, "securityGroupIds", SECURITY_GROUP);
        assert.ok(endpointGroup.inputs.ingress.some((r: any) => r.fromPort === 443 && r.cidrBlocks?.includes(vpcCidr)));
    });

    it("builds the value from its parts", () => {
        assert.deepStrictEqual(masterSecretValue({ host: "h", port: 5432, username: "u", password: "p", dbname: "d" }), {
            engine: "postgres",
            host: "h",
            port: 5432,
            username: "u",
            password: "p",
            dbname: "d",
        });
    });
});

describe("postgres master secret: stacks without replicas keep the RDS-managed secret", () => {
    for (const stack of ["dev", "staging"]) {
        it(stack, async () => {
            const result = await synthesizeStack(stack);
            assert.strictEqual(primary(result).inputs.manageMasterUserPassword, true);
            assert.deepStrictEqual(descendantsOf(result, "platform:datastores:PostgresMasterSecret"), []);
            assert.deepStrictEqual(ofType(result, APPLICATION), []);
        });
    }
});
