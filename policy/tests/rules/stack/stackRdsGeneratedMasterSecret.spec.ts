import { stackRdsGeneratedMasterSecret as policy } from "../../../rules/stack/stackRdsGeneratedMasterSecret";
import { compliantRdsInstance, KEY_ARN } from "../../fixtures";
import { assertNoStackViolation, assertStackViolation, StackFixtureResource, stackArgs } from "../../helpers";

const INSTANCE = "aws:rds/instance:Instance";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const SECRET = "aws:secretsmanager/secret:Secret";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const LAMBDA_ARN = "arn:aws:lambda:eu-west-1:111122223333:function:platform-postgres-master-rotation";

interface Variation {
    instance?: Record<string, any>;
    instanceIgnoreChanges?: string[];
    passwordFrom?: string[];
    secret?: Record<string, any>;
    rotation?: Record<string, any> | null;
    version?: boolean;
    replicas?: number;
}

/**
 * The generated-password mode as the platform builds it: a RandomPassword feeding the instance and the
 * secret's version, a CMK-encrypted secret replicated (under a CMK) to the replica's region, a rotation with a
 * function and a schedule, and a cross-region replica of the instance.
 */
function generatedMode(v: Variation = {}): StackFixtureResource[] {
    const { manageMasterUserPassword: _managed, masterUserSecretKmsKeyId: _key, ...instance } = compliantRdsInstance();
    const resources: StackFixtureResource[] = [
        { type: PASSWORD, name: "pw", props: { length: 64, special: false } },
        {
            type: INSTANCE,
            name: "db",
            props: { ...instance, manageMasterUserPassword: false, password: "generated-value", ...v.instance },
            ignoreChanges: v.instanceIgnoreChanges ?? ["password"],
            propertyDependencies: { password: v.passwordFrom ?? ["pw"] },
        },
        { type: SECRET, name: "secret", props: { name: "rds-master/prod/db", kmsKeyId: KEY_ARN, replicas: [{ region: "us-west-2", kmsKeyId: KEY_ARN }], ...v.secret } },
    ];
    if (v.version !== false) {
        resources.push({ type: VERSION, name: "version", props: { secretId: "id", secretString: "{}" }, propertyDependencies: { secretId: ["secret"], secretString: ["pw", "db"] } });
    }
    if (v.rotation !== null) {
        resources.push({
            type: ROTATION,
            name: "rotation",
            props: { secretId: "id", rotationLambdaArn: LAMBDA_ARN, rotationRules: { automaticallyAfterDays: 30 }, ...v.rotation },
            propertyDependencies: { secretId: ["secret"] },
        });
    }
    for (let i = 0; i < (v.replicas ?? 1); i++) {
        resources.push({
            type: INSTANCE,
            name: `replica-${i}`,
            props: { instanceClass: "db.r6g.large", replicateSourceDb: "arn:aws:rds:eu-west-1:111122223333:db:db" },
            propertyDependencies: { replicateSourceDb: ["db"] },
        });
    }
    return resources;
}

describe("stack-rds-generated-master-secret", () => {
    it("passes a generated password in a CMK-encrypted, rotated secret replicated to the replica's region", async () => {
        await assertNoStackViolation(policy, stackArgs(generatedMode()));
    });

    it("passes a schedule expression instead of a number of days", async () => {
        await assertNoStackViolation(policy, stackArgs(generatedMode({ rotation: { rotationRules: { scheduleExpression: "rate(30 days)" } } })));
    });

    it("does not apply to an RDS-managed master password", async () => {
        await assertNoStackViolation(policy, stackArgs([{ type: INSTANCE, name: "db", props: compliantRdsInstance() }]));
    });

    it("fails a password that no RandomPassword generated (a literal), without echoing it", async () => {
        await assertStackViolation(policy, stackArgs(generatedMode({ passwordFrom: [] })), /^aws:rds\/instance:Instance "db": password must come from a random\.RandomPassword \(found: a password from no generator\)$/);
    });

    it("fails a generated password kept in no secret", async () => {
        await assertStackViolation(policy, stackArgs(generatedMode({ version: false })), /its generated password must be stored in a Secrets Manager secret \(found: no SecretVersion/);
    });

    it("fails the secret's kmsKeyId left unset", async () => {
        await assertStackViolation(policy, stackArgs(generatedMode({ secret: { kmsKeyId: undefined } })), /must be encrypted with a customer-managed KMS key \(found: kmsKeyId undefined\)/);
    });

    it("fails a secret without rotation", async () => {
        await assertStackViolation(policy, stackArgs(generatedMode({ rotation: null })), /must rotate automatically: .* \(found: none\)/);
    });

    for (const [what, rotation] of [
        ["rotationRules left unset", { rotationRules: undefined }],
        ["rotationRules without a schedule", { rotationRules: {} }],
        ["rotationLambdaArn left unset", { rotationLambdaArn: undefined }],
        ["rotationEnabled false", { rotationEnabled: false }],
    ] as const) {
        it(`fails a rotation with ${what}`, async () => {
            await assertStackViolation(policy, stackArgs(generatedMode({ rotation })), /must rotate automatically: .* \(found: rotation without function or schedule\)/);
        });
    }

    it("fails replicas left unset while the instance has a cross-region replica", async () => {
        await assertStackViolation(policy, stackArgs(generatedMode({ secret: { replicas: undefined } })), /must be replicated to each of the instance's 1 replica region\(s\).*\(found: 0 replica\(s\)\)/);
    });

    it("fails fewer secret replicas than instance replicas", async () => {
        await assertStackViolation(policy, stackArgs(generatedMode({ replicas: 2 })), /each of the instance's 2 replica region\(s\).*\(found: 1 replica\(s\)\)/);
    });

    it("passes no secret replicas when the instance has no replica", async () => {
        await assertNoStackViolation(policy, stackArgs(generatedMode({ secret: { replicas: undefined }, replicas: 0 })));
    });

    it("fails a secret replica without kmsKeyId", async () => {
        await assertStackViolation(policy, stackArgs(generatedMode({ secret: { replicas: [{ region: "us-west-2" }] } })), /must name a customer-managed KMS key for every replica/);
    });

    it("fails an instance whose ignoreChanges leaves out password (an update would undo rotation)", async () => {
        await assertStackViolation(policy, stackArgs(generatedMode({ instanceIgnoreChanges: [] })), /ignoreChanges must include password.*\(found: \[\]\)/);
    });

    it("fails a password taken from another resource than a RandomPassword", async () => {
        await assertStackViolation(policy, stackArgs(generatedMode({ passwordFrom: ["secret"] })), /password must come from a random\.RandomPassword \(found: a password from no generator\)/);
    });

    it("fails a secret whose version holds another password, naming none as this one's", async () => {
        const resources = generatedMode({ version: false });
        resources.push({ type: PASSWORD, name: "other-pw", props: { length: 64 } });
        resources.push({ type: VERSION, name: "other-version", props: { secretId: "id", secretString: "{}" }, propertyDependencies: { secretId: ["secret"], secretString: ["other-pw"] } });
        // A resource of another type fed by the password is no SecretVersion either.
        resources.push({ type: "aws:ssm/parameter:Parameter", name: "param", props: { value: "x" }, propertyDependencies: { secretString: ["pw"], secretId: ["secret"] } });
        await assertStackViolation(policy, stackArgs(resources), /its generated password must be stored in a Secrets Manager secret/);
    });

    it("counts only this instance's replicas, and names the secret in its violations", async () => {
        const resources = generatedMode();
        resources.push({ type: INSTANCE, name: "other", props: { instanceClass: "db.r6g.large" } });
        resources.push({ type: INSTANCE, name: "other-replica", props: { instanceClass: "db.r6g.large", replicateSourceDb: "arn:aws:rds:eu-west-1:111122223333:db:other" }, propertyDependencies: { replicateSourceDb: ["other"] } });
        await assertNoStackViolation(policy, stackArgs(resources));
        await assertStackViolation(policy, stackArgs(generatedMode({ secret: { replicas: [] } })), /^aws:rds\/instance:Instance "db": master secret aws:secretsmanager\/secret:Secret "secret" must be replicated/);
    });

    it("judges RDS instances only, and no replica on its own", async () => {
        const cluster: StackFixtureResource = { type: "aws:rds/cluster:Cluster", name: "aurora", props: { masterPassword: "x", password: "literal" } };
        await assertNoStackViolation(policy, stackArgs([cluster]));
    });

    it("joins a rotation to its secret by the secret's ARN when no dependency is recorded", async () => {
        const resources = generatedMode({ rotation: null, secret: { arn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds-master" } });
        resources.push({ type: ROTATION, name: "rotation", props: { secretId: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds-master", rotationLambdaArn: LAMBDA_ARN, rotationRules: { automaticallyAfterDays: 30 } } });
        await assertNoStackViolation(policy, stackArgs(resources));
    });
});
