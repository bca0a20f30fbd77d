import * as assert from "assert";
import {
    ECR_PUSH_ACTIONS,
    ecrPushPolicy,
    githubEnvironmentSubject,
    githubPullRequestSubject,
    githubTrustPolicy,
} from "../../components/delivery/ciIdentities";
import { SERVICE_NAMES } from "../../config/schema";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult } from "../../offline/types";
import { documentsAllow, rolePermissions } from "../support/iamAccess";
import { ofType, synthesizeStack } from "../support/synthesis";

const ACCOUNT = "333344445555";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const repo = (service: string, region = "us-east-1") => `arn:aws:ecr:${region}:${ACCOUNT}:repository/services/${service}`;

describe("delivery: CI identities, pure parts", () => {
    it("subjects name one repository and one GitHub environment (or the repository's pull requests)", () => {
        assert.strictEqual(githubEnvironmentSubject("example-org/bff", "prod"), "repo:example-org/bff:environment:prod");
        assert.strictEqual(githubPullRequestSubject("example-org/platform"), "repo:example-org/platform:pull_request");
        assert.throws(() => githubEnvironmentSubject("example-org/*", "prod"), /not a GitHub repository/);
        assert.throws(() => githubEnvironmentSubject("example-org/bff", "prod:x"), /not a GitHub environment/);
        assert.throws(() => githubEnvironmentSubject("bff", "prod"), /not a GitHub repository/);
    });

    it("trust: StringEquals on sub and aud (sts.amazonaws.com), federated to the GitHub provider, nothing else", () => {
        const trust = githubTrustPolicy(PROVIDER, ["repo:example-org/bff:environment:prod"]);
        assert.deepStrictEqual(trust.Statement, [
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                        "token.actions.githubusercontent.com:sub": "repo:example-org/bff:environment:prod",
                    },
                },
            },
        ]);
    });

    it("trust refuses wildcards and an empty subject list", () => {
        assert.throws(() => githubTrustPolicy(PROVIDER, ["repo:example-org/*:environment:prod"]), /wildcard/);
        assert.throws(() => githubTrustPolicy(PROVIDER, ["repo:example-org/bff:environment:pro?"]), /wildcard/);
        assert.throws(() => githubTrustPolicy(PROVIDER, []), /at least one subject/);
    });

    it("push policy: every push action on its own repository, the ECR login token, and nothing on another repository", () => {
        const doc = ecrPushPolicy(repo("bff"));
        for (const action of ECR_PUSH_ACTIONS) {
            assert.ok(documentsAllow([doc], action, repo("bff")), action);
            assert.ok(!documentsAllow([doc], action, repo("contractor")), action);
        }
        assert.ok(documentsAllow([doc], "ecr:GetAuthorizationToken", "*"));
        for (const action of ["ecr:DeleteRepository", "ecr:BatchDeleteImage", "ecr:SetRepositoryPolicy", "ecr:PutLifecyclePolicy", "iam:PassRole", "s3:GetObject"]) {
            assert.ok(!documentsAllow([doc], action, repo("bff")), action);
        }
    });
});

describe("delivery: CI identities in the stacks", () => {
    let prod: SynthesisResult;
    let staging: SynthesisResult;
    before(async function () {
        this.timeout(120_000);
        prod = await synthesizeStack("prod");
        staging = await synthesizeStack("staging");
    });

    const pushRoles = (r: SynthesisResult) => ofType(r, "aws:iam/role:Role").filter((role) => /^github-push-/.test(role.inputs.name ?? ""));

    it("one push role per service, named github-push-<env>-<service>", () => {
        assert.deepStrictEqual(pushRoles(prod).map((r) => r.inputs.name).sort(), SERVICE_NAMES.map((s) => `github-push-prod-${s}`).sort());
        assert.strictEqual(pushRoles(staging).length, SERVICE_NAMES.length);
    });

    it("each trusts only its repository's jobs in the stack's GitHub environment, through the account's GitHub provider", () => {
        for (const [result, environment] of [[prod, "prod"], [staging, "staging"]] as const) {
            for (const role of pushRoles(result)) {
                const service = role.inputs.name.split("-").pop();
                const trust = JSON.parse(revealSecrets(role.inputs.assumeRolePolicy));
                assert.strictEqual(trust.Statement.length, 1);
                const [statement] = trust.Statement;
                assert.strictEqual(statement.Principal.Federated, `arn:aws:iam::${result === prod ? ACCOUNT : "222233334444"}:oidc-provider/token.actions.githubusercontent.com`);
                assert.deepStrictEqual(Object.keys(statement.Condition), ["StringEquals"]);
                assert.strictEqual(statement.Condition.StringEquals["token.actions.githubusercontent.com:sub"], `repo:example-org/${service}:environment:${environment}`);
                assert.strictEqual(statement.Condition.StringEquals["token.actions.githubusercontent.com:aud"], "sts.amazonaws.com");
            }
        }
    });

    it("a push role can push to its own repository and to no other service's (IAM evaluation of its policies)", () => {
        for (const role of pushRoles(prod)) {
            const service = role.inputs.name.split("-").pop() as string;
            const { documents, awsManagedPolicyArns } = rolePermissions(prod, role);
            assert.deepStrictEqual(awsManagedPolicyArns, []);
            assert.ok(documentsAllow(documents, "ecr:PutImage", repo(service)), service);
            for (const other of SERVICE_NAMES.filter((s) => s !== service)) {
                assert.ok(!documentsAllow(documents, "ecr:PutImage", repo(other)), `${service} -> ${other}`);
                assert.ok(!documentsAllow(documents, "ecr:InitiateLayerUpload", repo(other)), `${service} -> ${other}`);
            }
            // Not even to its own repository's replica: replication writes there, not CI.
            assert.ok(!documentsAllow(documents, "ecr:PutImage", repo(service, "us-west-2")));
            assert.ok(!documentsAllow(documents, "eks:DescribeCluster", "*"));
            assert.ok(!documentsAllow(documents, "s3:PutObject", "arn:aws:s3:::anything/x"));
        }
    });

    it("the OIDC provider is not created by the stack (bootstrap/ owns the account's one provider)", () => {
        assert.strictEqual(ofType(prod, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 0);
    });
});
