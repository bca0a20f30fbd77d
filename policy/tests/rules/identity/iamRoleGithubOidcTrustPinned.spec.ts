import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { iamRoleGithubOidcTrustPinned as policy } from "../../../rules/identity/iamRoleGithubOidcTrustPinned";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, violationsOf } from "../../helpers";

const ISSUER = "token.actions.githubusercontent.com";
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${ISSUER}`;
const SUB = `${ISSUER}:sub`;
const AUD = `${ISSUER}:aud`;

const statement = (Condition?: Record<string, any>, Federated = PROVIDER) => ({
    Effect: "Allow",
    Principal: { Federated },
    Action: "sts:AssumeRoleWithWebIdentity",
    ...(Condition ? { Condition } : {}),
});
const role = (...Statement: Record<string, any>[]) => resourceArgs(aws.iam.Role, { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement }) });
const pinned = (sub: string | string[], aud: string | string[] = "sts.amazonaws.com") => ({ StringEquals: { [SUB]: sub, [AUD]: aud } });

describe("iam-role-github-oidc-trust-pinned", () => {
    it("passes a push role pinned to one repository's environment and the STS audience", async () => {
        await assertNoResourceViolation(policy, role(statement(pinned("repo:example-org/bff:environment:prod"))));
    });

    it("passes the other exact forms: branch, tag, pull requests, and a list of them", async () => {
        for (const sub of ["repo:example-org/platform:ref:refs/heads/main", "repo:example-org/platform:ref:refs/tags/v1.2.0", "repo:example-org/platform:pull_request"]) {
            await assertNoResourceViolation(policy, role(statement(pinned(sub))));
        }
        await assertNoResourceViolation(policy, role(statement(pinned(["repo:o/a:environment:prod", "repo:o/b:environment:prod"]))));
    });

    it("passes roles not federated to GitHub (IRSA, services) and Deny statements", async () => {
        const irsa = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X";
        await assertNoResourceViolation(policy, role(statement({ StringLike: { "oidc.eks.us-east-1.amazonaws.com/id/X:sub": "system:serviceaccount:*" } }, irsa)));
        await assertNoResourceViolation(policy, role({ Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole" }));
        await assertNoResourceViolation(policy, role({ ...statement(), Effect: "Deny" }));
    });

    it("fails a trust with no condition (unset): both sub and aud reported", async () => {
        const messages = await violationsOf(policy, role(statement()));
        assert.equal(messages.length, 2, JSON.stringify(messages));
        await assertResourceViolation(policy, role(statement()), /must pin "token\.actions\.githubusercontent\.com:sub" with StringEquals \(found: Condition undefined\)/);
        await assertResourceViolation(policy, role(statement()), /must pin "token\.actions\.githubusercontent\.com:aud" to "sts\.amazonaws\.com"/);
    });

    it("fails sub missing while aud is pinned, and aud missing while sub is pinned", async () => {
        await assertResourceViolation(policy, role(statement({ StringEquals: { [AUD]: "sts.amazonaws.com" } })), /must pin "[^"]+:sub" with StringEquals/);
        const noAud = await violationsOf(policy, role(statement({ StringEquals: { [SUB]: "repo:o/r:environment:prod" } })));
        assert.deepEqual(noAud.length, 1);
        assert.match(noAud[0], /:aud" to "sts\.amazonaws\.com"/);
    });

    it("fails StringLike (even with an exact value) and set operators on sub", async () => {
        await assertResourceViolation(policy, role(statement({ StringLike: { [SUB]: "repo:example-org/bff:*" }, StringEquals: { [AUD]: "sts.amazonaws.com" } })), /plain StringEquals only/);
        await assertResourceViolation(policy, role(statement({ ...pinned("repo:o/r:environment:prod"), StringLike: { [SUB]: "repo:o/r:environment:prod" } })), /plain StringEquals only/);
        await assertResourceViolation(policy, role(statement({ "ForAnyValue:StringEquals": { [SUB]: "repo:o/r:environment:prod" }, StringEquals: { [AUD]: "sts.amazonaws.com" } })), /plain StringEquals only/);
    });

    it("fails wildcards and subjects that do not name one repository and place", async () => {
        for (const sub of ["*", "repo:example-org/*:environment:prod", "repo:example-org/bff:*", "repo:example-org/bff:environment:*", "repo:example-org/bff:ref:refs/heads/*", "repo:example-org/bff", "example-org/bff:environment:prod", "repo:example-org/bff:job_workflow_ref:x"]) {
            await assertResourceViolation(policy, role(statement(pinned(sub))), /must name one repository and its environment/);
        }
        await assertResourceViolation(policy, role(statement(pinned(["repo:o/a:environment:prod", "repo:o/*:environment:prod"]))), /"repo:o\/\*:environment:prod"/);
    });

    it("fails an audience other than STS, alone or beside it", async () => {
        await assertResourceViolation(policy, role(statement(pinned("repo:o/r:environment:prod", "https://github.com/example-org"))), /aud must be exactly "sts\.amazonaws\.com"/);
        await assertResourceViolation(policy, role(statement(pinned("repo:o/r:environment:prod", ["sts.amazonaws.com", "other"]))), /aud must be exactly/);
    });

    it("reads condition keys and operators case-insensitively, as IAM does", async () => {
        await assertNoResourceViolation(policy, role(statement({ stringequals: { [SUB.toUpperCase()]: "repo:o/r:environment:prod", [AUD]: "sts.amazonaws.com" } })));
    });

    it("checks every GitHub statement of a role", async () => {
        await assertResourceViolation(policy, role(statement(pinned("repo:o/r:environment:prod")), statement(pinned("repo:o/*:environment:prod"))), /Statement\[1\]/);
    });

    it("fails a pinned subject with anything before or after it (a trailing wildcard included)", async () => {
        for (const sub of ["repo:o/r:environment:prod*", "repo:o/r:environment:prod:x", "xrepo:o/r:environment:prod", " repo:o/r:pull_request"]) {
            await assertResourceViolation(policy, role(statement(pinned(sub))), /must name one repository and its environment/);
        }
    });

    it("fails empty sub and aud lists as unpinned", async () => {
        const messages = await violationsOf(policy, role(statement(pinned([], []))));
        assert.equal(messages.length, 2, JSON.stringify(messages));
        assert.match(messages[0], /must pin "[^"]+:sub" with StringEquals/);
        assert.match(messages[1], /must pin "[^"]+:aud" to "sts\.amazonaws\.com" with StringEquals/);
    });

    it("counts only StringEquals values as pinned: a pattern operator pins neither sub nor aud", async () => {
        const subLike = await violationsOf(policy, role(statement({ StringLike: { [SUB]: "repo:o/r:environment:prod" }, StringEquals: { [AUD]: "sts.amazonaws.com" } })));
        assert.equal(subLike.length, 2, JSON.stringify(subLike));
        assert.match(subLike[1], /must pin "[^"]+:sub" with StringEquals \(found: Condition/);
        await assertResourceViolation(
            policy,
            role(statement({ StringEquals: { [SUB]: "repo:o/r:environment:prod" }, StringLike: { [AUD]: "sts.amazonaws.com" } })),
            /must pin "[^"]+:aud" to "sts\.amazonaws\.com" with StringEquals/,
        );
    });

    it("fails an operator block that holds no conditions, without failing the check", async () => {
        const messages = await violationsOf(policy, role(statement({ StringEquals: null, StringLike: "repo:o/r:*" })));
        assert.equal(messages.length, 2, JSON.stringify(messages));
    });
});
