import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { iamRoleOidcTrustScoped } from "../../../rules/identity/iamRoleOidcTrustScoped";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, violationsOf } from "../../helpers";

const EKS_ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const GITHUB_ISSUER = "token.actions.githubusercontent.com";
const provider = (issuer: string) => `arn:aws:iam::111122223333:oidc-provider/${issuer}`;

const webIdentity = (issuer: string, Condition?: Record<string, any>) => ({
    Effect: "Allow",
    Principal: { Federated: provider(issuer) },
    Action: "sts:AssumeRoleWithWebIdentity",
    ...(Condition ? { Condition } : {}),
});
const role = (...Statement: Record<string, any>[]) => resourceArgs(aws.iam.Role, { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement }) });

describe("iam-role-oidc-trust-scoped", () => {
    it("passes an IRSA role pinned to one service account and the STS audience", async () => {
        const condition = { StringEquals: { [`${EKS_ISSUER}:sub`]: "system:serviceaccount:bff:bff", [`${EKS_ISSUER}:aud`]: "sts.amazonaws.com" } };
        await assertNoResourceViolation(iamRoleOidcTrustScoped, role(webIdentity(EKS_ISSUER, condition)));
    });

    it("passes a GitHub role with StringLike on sub and StringEquals on aud", async () => {
        const condition = { StringEquals: { [`${GITHUB_ISSUER}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${GITHUB_ISSUER}:sub`]: "repo:acme/platform:*" } };
        await assertNoResourceViolation(iamRoleOidcTrustScoped, role(webIdentity(GITHUB_ISSUER, condition)));
    });

    it("passes roles without OIDC principals", async () => {
        await assertNoResourceViolation(iamRoleOidcTrustScoped, role({ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: "sts:AssumeRole" }));
    });

    it("fails an OIDC trust without any condition", async () => {
        const messages = await violationsOf(iamRoleOidcTrustScoped, role(webIdentity(EKS_ISSUER)));
        assert.equal(messages.length, 2, JSON.stringify(messages));
        await assertResourceViolation(
            iamRoleOidcTrustScoped,
            role(webIdentity(EKS_ISSUER)),
            new RegExp(`Statement\\[0\\] \\(Federated ${EKS_ISSUER.replace(/\./g, "\\.")}\\) must pin "${EKS_ISSUER.replace(/\./g, "\\.")}:sub" with StringEquals or StringLike \\(found: Condition undefined\\)`),
        );
    });

    it("fails when only aud is pinned", async () => {
        const condition = { StringEquals: { [`${EKS_ISSUER}:aud`]: "sts.amazonaws.com" } };
        await assertResourceViolation(iamRoleOidcTrustScoped, role(webIdentity(EKS_ISSUER, condition)), /must pin ".*:sub" with StringEquals or StringLike \(found: Condition \{"StringEquals"/);
    });

    it("fails when only sub is pinned", async () => {
        const condition = { StringEquals: { [`${GITHUB_ISSUER}:sub`]: "repo:acme/platform:ref:refs/heads/main" } };
        await assertResourceViolation(iamRoleOidcTrustScoped, role(webIdentity(GITHUB_ISSUER, condition)), /must pin "token\.actions\.githubusercontent\.com:aud"/);
    });

    it("fails a sub pinned only by a non-pinning operator", async () => {
        const condition = { StringNotEquals: { [`${GITHUB_ISSUER}:sub`]: "repo:evil/repo:*" }, StringEquals: { [`${GITHUB_ISSUER}:aud`]: "sts.amazonaws.com" } };
        await assertResourceViolation(iamRoleOidcTrustScoped, role(webIdentity(GITHUB_ISSUER, condition)), /must pin "token\.actions\.githubusercontent\.com:sub"/);
    });

    it("fails a bare wildcard sub", async () => {
        const condition = { StringEquals: { [`${GITHUB_ISSUER}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${GITHUB_ISSUER}:sub`]: "*" } };
        await assertResourceViolation(
            iamRoleOidcTrustScoped,
            role(webIdentity(GITHUB_ISSUER, condition)),
            /must not accept any "token\.actions\.githubusercontent\.com:sub": a bare wildcard matches every token \(found: \["\*"\]\)/,
        );
    });

    it("fails a bare wildcard among several sub values", async () => {
        const condition = { StringEquals: { [`${EKS_ISSUER}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${EKS_ISSUER}:sub`]: ["system:serviceaccount:bff:bff", "*"] } };
        await assertResourceViolation(iamRoleOidcTrustScoped, role(webIdentity(EKS_ISSUER, condition)), /a bare wildcard matches every token/);
    });

    it("reads condition keys case-insensitively", async () => {
        const condition = { stringequals: { [`${EKS_ISSUER.toUpperCase()}:SUB`]: "system:serviceaccount:bff:bff", [`${EKS_ISSUER}:aud`]: "sts.amazonaws.com" } };
        await assertNoResourceViolation(iamRoleOidcTrustScoped, role(webIdentity(EKS_ISSUER, condition)));
    });

    it("fails an unreadable trust policy", async () => {
        await assertResourceViolation(iamRoleOidcTrustScoped, resourceArgs(aws.iam.Role, { assumeRolePolicy: "[]" }), /assumeRolePolicy must be a readable policy document: not a policy document object/);
    });

    it("fails wildcard-only subs of any length or spacing, and passes a sub that only contains one", async () => {
        const withSub = (sub: string) => role(webIdentity(EKS_ISSUER, { StringEquals: { [`${EKS_ISSUER}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${EKS_ISSUER}:sub`]: sub } }));
        for (const sub of ["**", "?*", " * "]) {
            await assertResourceViolation(iamRoleOidcTrustScoped, withSub(sub), /a bare wildcard matches every token/);
        }
        await assertNoResourceViolation(iamRoleOidcTrustScoped, withSub("system:serviceaccount:bff:*"));
        await assertNoResourceViolation(iamRoleOidcTrustScoped, withSub("*:bff"));
    });

    it("fails empty sub and aud lists as unpinned, and an operator block holding no conditions", async () => {
        const empty = await violationsOf(iamRoleOidcTrustScoped, role(webIdentity(EKS_ISSUER, { StringEquals: { [`${EKS_ISSUER}:sub`]: [], [`${EKS_ISSUER}:aud`]: [] } })));
        assert.equal(empty.length, 2, JSON.stringify(empty));
        const nulls = await violationsOf(iamRoleOidcTrustScoped, role(webIdentity(EKS_ISSUER, { StringEquals: null, StringLike: "*" })));
        assert.equal(nulls.length, 2, JSON.stringify(nulls));
    });

    it("skips federated principals that are not OIDC providers (SAML)", async () => {
        const saml = { Effect: "Allow", Principal: { Federated: "arn:aws:iam::111122223333:saml-provider/corp" }, Action: "sts:AssumeRoleWithSAML" };
        await assertNoResourceViolation(iamRoleOidcTrustScoped, role(saml));
    });
});
