import * as assert from "assert";
import { editDistance } from "../../lib/text";
import { irsaTrustPolicy, keyPolicy, oidcIssuerHost, serviceTrustPolicy } from "../../lib/iam";
import { physicalName, regionCode, regionPrefix } from "../../lib/naming";
import { baseTags, resourceTags } from "../../lib/tags";

describe("naming", () => {
    it("shortens region names stably", () => {
        assert.strictEqual(regionCode("us-east-1"), "use1");
        assert.strictEqual(regionCode("us-west-2"), "usw2");
        assert.strictEqual(regionCode("eu-central-1"), "euc1");
        assert.strictEqual(regionCode("ap-southeast-2"), "apse2");
        assert.strictEqual(regionCode("ap-northeast-1"), "apne1");
        assert.strictEqual(regionCode("us-gov-west-1"), "usw1");
        assert.throws(() => regionCode("mars-1"), /not an AWS region name/);
    });

    it("prefixes per environment and region", () => {
        assert.strictEqual(regionPrefix("prod", "us-west-2"), "prod-usw2");
    });

    it("builds DNS-safe physical names within the length limit", () => {
        assert.strictEqual(physicalName(["Platform", "prod_use1", "Documents"]), "platform-prod-use1-documents");
        const long = physicalName(["x".repeat(40), "y".repeat(40)], 63);
        assert.ok(long.length <= 63 && !long.endsWith("-"));
    });
});

describe("tags", () => {
    it("puts env, owner, cost-center and service/classification defaults on every resource through provider default tags", () => {
        const tags = baseTags({ environment: "prod", owner: "platform-team", costCenter: "cc-1", extra: { env: "spoofed" } });
        assert.deepStrictEqual(tags, {
            env: "prod",
            owner: "platform-team",
            "cost-center": "cc-1",
            service: "platform",
            "data-classification": "internal",
            "managed-by": "pulumi",
            project: "platform",
        });
    });

    it("adds service and data classification per resource", () => {
        assert.deepStrictEqual(resourceTags("document", "pii"), { service: "document", "data-classification": "pii" });
    });
});

describe("IAM policy documents", () => {
    const oidcProviderArn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC";
    const oidcIssuerUrl = "https://oidc.eks.us-east-1.amazonaws.com/id/ABC";

    it("IRSA trust pins both sub and aud to one service account", () => {
        const policy = irsaTrustPolicy({ oidcProviderArn, oidcIssuerUrl, namespace: "kube-system", serviceAccounts: ["ebs-csi-controller-sa"] });
        const statement = policy.Statement[0];
        assert.deepStrictEqual(statement.Principal, { Federated: oidcProviderArn });
        assert.strictEqual(statement.Action, "sts:AssumeRoleWithWebIdentity");
        assert.deepStrictEqual(statement.Condition, {
            StringEquals: {
                "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:kube-system:ebs-csi-controller-sa",
                "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
            },
        });
        assert.throws(() => irsaTrustPolicy({ oidcProviderArn, oidcIssuerUrl, namespace: "x", serviceAccounts: [] }), /at least one service account/);
        assert.strictEqual(oidcIssuerHost(oidcIssuerUrl), "oidc.eks.us-east-1.amazonaws.com/id/ABC");
    });

    it("service trust is limited to the account", () => {
        const statement = serviceTrustPolicy("vpc-flow-logs.amazonaws.com", "111122223333").Statement[0];
        assert.deepStrictEqual(statement.Condition, { StringEquals: { "aws:SourceAccount": "111122223333" } });
    });

    for (const purpose of ["eks-secrets", "ebs", "logs", "data", "s3", "backups", "ecr"] as const) {
        it(`key policy for ${purpose} has no unconditioned wildcard principal and keeps account administration`, () => {
            const policy = keyPolicy({ accountId: "111122223333", region: "us-east-1", purpose });
            assert.deepStrictEqual(policy.Statement[0].Principal, { AWS: "arn:aws:iam::111122223333:root" });
            for (const statement of policy.Statement) {
                const principal = JSON.stringify(statement.Principal);
                assert.ok(principal !== '"*"' && !principal.includes('"AWS":"*"'), `${statement.Sid} has a wildcard principal`);
            }
        });
    }

    it("lets CloudWatch Logs use the logs key only for this account's log groups", () => {
        const statement = keyPolicy({ accountId: "111122223333", region: "eu-west-1", purpose: "logs" }).Statement.find((s) => s.Sid === "CloudWatchLogs")!;
        assert.deepStrictEqual(statement.Principal, { Service: "logs.eu-west-1.amazonaws.com" });
        assert.deepStrictEqual(statement.Condition, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:111122223333:*" } });
    });

    it("lets the Auto Scaling service-linked role use the EBS key, grants only for AWS resources", () => {
        const statements = keyPolicy({ accountId: "111122223333", region: "us-east-1", purpose: "ebs" }).Statement;
        const grants = statements.find((s) => s.Sid === "AutoScalingGrants")!;
        assert.deepStrictEqual(grants.Condition, { Bool: { "kms:GrantIsForAWSResource": "true" } });
        assert.match(JSON.stringify(grants.Principal), /AWSServiceRoleForAutoScaling/);
    });
});

describe("lib/text", () => {
    it("counts single-character edits, so near misses get a 'did you mean' and strangers do not", () => {
        assert.strictEqual(editDistance("platform", "platform"), 0);
        assert.strictEqual(editDistance("platfrom", "platform"), 2); // a swap is two edits
        assert.strictEqual(editDistance("us-east-9", "us-east-1"), 1);
        assert.strictEqual(editDistance("", "aws"), 3);
        assert.strictEqual(editDistance("kubernetes", "aws"), 9);
    });
});
