/**
 * What each key policy lets which principal do. Statements are found by principal, not by Sid, so the
 * properties hold whatever the statements are called: the logs key alone trusts CloudWatch Logs, the EBS
 * key alone trusts Auto Scaling, the backups key alone lets AWS Backup publish to the DR topic under it, every
 * other key trusts only the account.
 */
import * as assert from "assert";
import { ec2TrustPolicy, irsaTrustPolicy, KeyPurpose, keyPolicy, PolicyStatement, serviceTrustPolicy } from "../../lib/iam";

const ACCOUNT = "111122223333";
const PURPOSES: KeyPurpose[] = ["eks-secrets", "ebs", "logs", "data", "s3", "backups", "ecr"];
/** Using a key for data, never managing it. */
const USE = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"];

const actions = (s: PolicyStatement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const principalText = (s: PolicyStatement): string => JSON.stringify(s.Principal);
const statementsFor = (purpose: KeyPurpose, region = "us-east-1") => keyPolicy({ accountId: ACCOUNT, region, purpose }).Statement;
const isLogsService = (s: PolicyStatement) => principalText(s).includes("logs.");
const isAutoScaling = (s: PolicyStatement) => principalText(s).includes("autoscaling.amazonaws.com");

describe("key policies by purpose", () => {
    for (const purpose of PURPOSES) {
        it(`${purpose}: a 2012-10-17 document of Allow statements on the key itself, each with its own Sid`, () => {
            const policy = keyPolicy({ accountId: ACCOUNT, region: "us-east-1", purpose });
            assert.strictEqual(policy.Version, "2012-10-17");
            const sids = policy.Statement.map((s) => s.Sid);
            assert.ok(sids.every((sid) => typeof sid === "string" && sid.length > 0), `missing Sid in ${JSON.stringify(sids)}`);
            assert.strictEqual(new Set(sids).size, sids.length, `duplicate Sid in ${JSON.stringify(sids)}`);
            for (const statement of policy.Statement) {
                assert.strictEqual(statement.Effect, "Allow");
                // In a key policy "*" means this key; anything else matches nothing.
                assert.strictEqual(statement.Resource, "*");
            }
        });

        it(`${purpose}: the account root keeps full administration, so IAM policies govern the key`, () => {
            const admin = statementsFor(purpose).filter((s) => principalText(s) === JSON.stringify({ AWS: `arn:aws:iam::${ACCOUNT}:root` }));
            assert.strictEqual(admin.length, 1);
            assert.deepStrictEqual(actions(admin[0]), ["kms:*"]);
            assert.strictEqual(admin[0].Condition, undefined);
        });
    }

    for (const purpose of PURPOSES.filter((p) => p !== "logs" && p !== "ebs" && p !== "backups")) {
        it(`${purpose}: trusts no service and no role besides the account`, () => {
            assert.deepStrictEqual(
                statementsFor(purpose).map((s) => s.Principal),
                [{ AWS: `arn:aws:iam::${ACCOUNT}:root` }],
            );
        });
    }

    it("only the backups key lets AWS Backup in, from this account only, to publish to the DR topic it encrypts (data keys and decrypt)", () => {
        const isBackup = (s: PolicyStatement) => principalText(s) === JSON.stringify({ Service: "backup.amazonaws.com" });
        for (const purpose of PURPOSES) {
            assert.strictEqual(statementsFor(purpose).some(isBackup), purpose === "backups", purpose);
        }
        const backups = statementsFor("backups");
        assert.deepStrictEqual(
            backups.map((s) => s.Principal),
            [{ AWS: `arn:aws:iam::${ACCOUNT}:root` }, { Service: "backup.amazonaws.com" }, { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] }],
        );
        const backup = backups.filter(isBackup);
        assert.deepStrictEqual([...actions(backup[0])].sort(), ["kms:Decrypt", "kms:GenerateDataKey*"]);
        assert.deepStrictEqual(backup[0].Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
    });

    it("only the backups key lets CloudWatch alarms and EventBridge publish to the alarm topic it encrypts, from this account only", () => {
        const isAlarm = (s: PolicyStatement) => /cloudwatch\.amazonaws\.com|events\.amazonaws\.com/.test(principalText(s));
        for (const purpose of PURPOSES) {
            assert.strictEqual(statementsFor(purpose).some(isAlarm), purpose === "backups", purpose);
        }
        const [alarm] = statementsFor("backups").filter(isAlarm);
        assert.deepStrictEqual([...actions(alarm)].sort(), ["kms:Decrypt", "kms:GenerateDataKey*"]);
        assert.deepStrictEqual(alarm.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
    });

    it("only the logs key lets CloudWatch Logs use it, only to encrypt and decrypt", () => {
        for (const purpose of PURPOSES) {
            assert.strictEqual(statementsFor(purpose).some(isLogsService), purpose === "logs", purpose);
        }
        const logs = statementsFor("logs", "eu-west-1").filter(isLogsService);
        assert.strictEqual(logs.length, 1);
        assert.deepStrictEqual([...actions(logs[0])].sort(), USE);
    });

    it("only the EBS key lets the Auto Scaling role use it, and create grants only for AWS resources", () => {
        for (const purpose of PURPOSES) {
            assert.strictEqual(statementsFor(purpose).some(isAutoScaling), purpose === "ebs", purpose);
        }
        const autoScaling = statementsFor("ebs").filter(isAutoScaling);
        const granted = new Set(autoScaling.flatMap(actions));
        for (const action of [...USE, "kms:CreateGrant"]) {
            assert.ok(granted.has(action), `Auto Scaling cannot ${action}`);
        }
        assert.ok(!granted.has("kms:*") && !granted.has("kms:ScheduleKeyDeletion"), "Auto Scaling must not administer the key");
        for (const statement of autoScaling.filter((s) => actions(s).includes("kms:CreateGrant"))) {
            assert.deepStrictEqual(statement.Condition, { Bool: { "kms:GrantIsForAWSResource": "true" } });
        }
    });

    it("names principals in the given partition", () => {
        const statements = keyPolicy({ accountId: ACCOUNT, region: "us-gov-west-1", partition: "aws-us-gov", purpose: "ebs" }).Statement;
        assert.deepStrictEqual(statements[0].Principal, { AWS: `arn:aws-us-gov:iam::${ACCOUNT}:root` });
        assert.ok(statements.filter(isAutoScaling).every((s) => principalText(s).includes(`arn:aws-us-gov:iam::${ACCOUNT}:role/`)));
    });
});

describe("trust policies", () => {
    it("EC2 nodes: ec2.amazonaws.com may assume the role, nothing else", () => {
        assert.deepStrictEqual(ec2TrustPolicy(), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
    });

    it("a service role: only that service, only from this account", () => {
        const policy = serviceTrustPolicy("vpc-flow-logs.amazonaws.com", ACCOUNT);
        assert.strictEqual(policy.Statement.length, 1);
        const [statement] = policy.Statement;
        assert.strictEqual(statement.Effect, "Allow");
        assert.deepStrictEqual(statement.Principal, { Service: "vpc-flow-logs.amazonaws.com" });
        assert.strictEqual(statement.Action, "sts:AssumeRole");
    });

    it("IRSA with several service accounts lists each subject, in the same namespace", () => {
        const policy = irsaTrustPolicy({
            oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
            oidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
            namespace: "bff",
            serviceAccounts: ["api", "worker"],
        });
        assert.strictEqual(policy.Statement[0].Effect, "Allow");
        assert.deepStrictEqual(policy.Statement[0].Condition!.StringEquals["oidc.eks.us-east-1.amazonaws.com/id/ABC:sub"], [
            "system:serviceaccount:bff:api",
            "system:serviceaccount:bff:worker",
        ]);
    });
});
