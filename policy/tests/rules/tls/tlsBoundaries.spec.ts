/**
 * Wrong-but-plausible inputs to the TLS rules: a guard statement that allows instead of denies, a listener
 * that redirects for some actions only, policy names that merely resemble a modern one, a parameter
 * set to "0" or to the number 1.
 */
import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { elasticacheTransitEncryptionRequired } from "../../../rules/tls/elasticacheTransitEncryptionRequired";
import { lbListenerHttpsOnly } from "../../../rules/tls/lbListenerHttpsOnly";
import { lbListenerModernTlsPolicy } from "../../../rules/tls/lbListenerModernTlsPolicy";
import { rdsInstanceModernCa } from "../../../rules/tls/rdsInstanceModernCa";
import { rdsParameterGroupForceSsl } from "../../../rules/tls/rdsParameterGroupForceSsl";
import { s3BucketPolicyTlsOnly } from "../../../rules/tls/s3BucketPolicyTlsOnly";
import { compliantListener, compliantRdsInstance, compliantReplicationGroup } from "../../fixtures";
import { assertNoResourceViolation, assertNoStackViolation, resourceArgs, stackArgs, stackViolationsOf, violationsOf } from "../../helpers";

const denyInsecure = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*", Condition: { Bool: { "aws:SecureTransport": "false" } } };
const denyOldTls = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*", Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } };

async function bucketPolicyViolations(statements: object[]): Promise<string[]> {
    const args = stackArgs([
        { type: aws.s3.Bucket, name: "data", props: {} },
        { type: aws.s3.BucketPolicy, name: "data-policy", props: { bucket: "data", policy: JSON.stringify({ Statement: statements }) }, propertyDependencies: { bucket: ["data"] } },
    ]);
    return (await stackViolationsOf(s3BucketPolicyTlsOnly, args)).map((v) => v.message);
}

describe("tls rules: wrong-but-plausible inputs", () => {
    describe("s3-bucket-policy-tls-only", () => {
        it("does not take an Allow with the TLS conditions as the guard", async () => {
            const messages = await bucketPolicyViolations([{ ...denyInsecure, Effect: "Allow" }, { ...denyOldTls, Effect: "Allow" }]);
            assert.equal(messages.length, 2, JSON.stringify(messages));
        });

        it("does not take a deny aimed at one account as the guard", async () => {
            const messages = await bucketPolicyViolations([{ ...denyInsecure, Principal: { AWS: "arn:aws:iam::111122223333:root" } }, denyOldTls]);
            assert.deepEqual(messages, ['policy must Deny s3:* to Principal "*" when Bool aws:SecureTransport is "false" (found: no such statement)']);
        });

        it("does not take a SecureTransport deny of true, or a TLS deny of nothing, as the guard", async () => {
            const messages = await bucketPolicyViolations([
                { ...denyInsecure, Condition: { Bool: { "aws:SecureTransport": "true" } } },
                { ...denyOldTls, Condition: { NumericLessThan: { "aws:TlsVersion": "1.2" } } },
            ]);
            assert.equal(messages.length, 2, JSON.stringify(messages));
        });

        it("reads past null and unconditioned statements to the guards", async () => {
            const denyOneAccount = { Effect: "Deny", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "s3:*", Resource: "*" };
            assert.deepEqual(await bucketPolicyViolations([null as unknown as object, denyOneAccount, denyInsecure, denyOldTls]), []);
        });

        it("accepts Action \"*\" and JSON booleans and numbers in the conditions", async () => {
            assert.deepEqual(
                await bucketPolicyViolations([
                    { ...denyInsecure, Action: ["*"], Condition: { Bool: { "aws:SecureTransport": false } } },
                    { ...denyOldTls, Action: "*", Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } } },
                ]),
                [],
            );
        });

        it("reports a bucket with no policy on the bucket, and a bad policy on the policy", async () => {
            const args = stackArgs([
                { type: aws.s3.Bucket, name: "a", props: {} },
                { type: aws.s3.Bucket, name: "b", props: {} },
                { type: aws.s3.BucketPolicy, name: "b-policy", props: { bucket: "b", policy: JSON.stringify({ Statement: [denyInsecure] }) }, propertyDependencies: { bucket: ["b"] } },
            ]);
            const violations = await stackViolationsOf(s3BucketPolicyTlsOnly, args);
            assert.deepEqual(
                violations.map((v) => `${v.urn?.split("::").pop()}: ${v.message.slice(0, 22)}`),
                ["a: bucket a has no Bucket", "b-policy: policy must Deny s3:* "],
            );
            await assertNoStackViolation(s3BucketPolicyTlsOnly, stackArgs([]));
        });
    });

    describe("lb-listener-https-only", () => {
        const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
        const http = (defaultActions: unknown) => resourceArgs(aws.lb.Listener, { ...compliantListener(), protocol: "HTTP", sslPolicy: undefined, certificateArn: undefined, defaultActions });

        it("fails HTTP when only some of its actions redirect, and says what each does", async () => {
            assert.deepEqual(await violationsOf(lbListenerHttpsOnly, http([redirect, { type: "forward" }, { type: "redirect", redirect: {} }])), [
                'defaultActions of an HTTP listener must all redirect to HTTPS (found: ["redirect to HTTPS","forward","redirect to undefined"])',
            ]);
        });

        it("fails HTTP with a null action among redirects, without failing itself", async () => {
            assert.deepEqual(await violationsOf(lbListenerHttpsOnly, http([redirect, null])), ['defaultActions of an HTTP listener must all redirect to HTTPS (found: ["redirect to HTTPS",null])']);
            assert.deepEqual(await violationsOf(lbListenerHttpsOnly, http([null, redirect])), ['defaultActions of an HTTP listener must all redirect to HTTPS (found: [null,"redirect to HTTPS"])']);
        });

        it("fails HTTP with no actions, and a plaintext protocol other than HTTP", async () => {
            assert.deepEqual(await violationsOf(lbListenerHttpsOnly, http([])), ["defaultActions of an HTTP listener must all redirect to HTTPS (found: [])"]);
            for (const protocol of ["TCP", "UDP", undefined]) {
                const messages = await violationsOf(lbListenerHttpsOnly, resourceArgs(aws.lb.Listener, { ...compliantListener(), protocol }));
                assert.equal(messages.length, 1, String(protocol));
                assert.match(messages[0], /^protocol must be HTTPS or TLS, or HTTP redirecting to HTTPS \(found: /);
            }
        });
    });

    describe("lb-listener-modern-tls-policy", () => {
        for (const sslPolicy of [
            "ELBSecurityPolicy-TLS13-1-1-2021-06",
            "ELBSecurityPolicy-TLS13-1-3-Ext1-2021-06",
            "ELBSecurityPolicy-FS-2018-06",
            "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
            "ELBSecurityPolicy-TLS-1-2-2017-01-Ext",
            "Custom-ELBSecurityPolicy-TLS13-1-2-2021-06",
        ]) {
            it(`fails ${sslPolicy}, which only resembles a TLS 1.2+ policy`, async () => {
                const messages = await violationsOf(lbListenerModernTlsPolicy, resourceArgs(aws.lb.Listener, { ...compliantListener(), sslPolicy }));
                assert.deepEqual(messages, [`sslPolicy must be a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06 (found: "${sslPolicy}")`]);
            });
        }

        it("checks TLS listeners too, and an unset policy", async () => {
            const messages = await violationsOf(lbListenerModernTlsPolicy, resourceArgs(aws.lb.Listener, { ...compliantListener(), protocol: "TLS", sslPolicy: undefined }));
            assert.deepEqual(messages, ["sslPolicy must be a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06 (found: undefined)"]);
        });
    });

    describe("elasticache-transit-encryption-required", () => {
        it("accepts required or unset mode, refuses preferred, with one message per property", async () => {
            const rg = (patch: object) => resourceArgs(aws.elasticache.ReplicationGroup, { ...compliantReplicationGroup(), ...patch });
            await assertNoResourceViolation(elasticacheTransitEncryptionRequired, rg({ transitEncryptionEnabled: true, transitEncryptionMode: undefined }));
            await assertNoResourceViolation(elasticacheTransitEncryptionRequired, rg({ transitEncryptionEnabled: true, transitEncryptionMode: "required" }));
            assert.deepEqual(await violationsOf(elasticacheTransitEncryptionRequired, rg({ transitEncryptionEnabled: "true", transitEncryptionMode: "preferred" })), [
                'transitEncryptionEnabled must be true (found: "true")',
                'transitEncryptionMode must be "required" or unset (found: "preferred")',
            ]);
        });
    });

    describe("rds-instance-modern-ca", () => {
        it("names every current CA when the CA is old or unset", async () => {
            for (const caCertIdentifier of ["rds-ca-2019", undefined]) {
                const messages = await violationsOf(rdsInstanceModernCa, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), caCertIdentifier }));
                assert.equal(messages.length, 1);
                assert.match(messages[0], /^caCertIdentifier must be one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 \(found: /);
            }
            for (const caCertIdentifier of ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"]) {
                await assertNoResourceViolation(rdsInstanceModernCa, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), caCertIdentifier }));
            }
        });
    });

    describe("rds-parameter-group-force-ssl", () => {
        const group = (family: unknown, parameters: unknown) => resourceArgs(aws.rds.ParameterGroup, { family, parameters });

        it("accepts rds.force_ssl given as the number 1, refuses \"0\" and a missing parameter", async () => {
            await assertNoResourceViolation(rdsParameterGroupForceSsl, group("postgres17", [{ name: "rds.force_ssl", value: 1 }]));
            assert.deepEqual(await violationsOf(rdsParameterGroupForceSsl, group("postgres17", [{ name: "rds.force_ssl", value: "0" }])), [
                'parameters must set rds.force_ssl to "1" (found: "0")',
            ]);
            assert.deepEqual(await violationsOf(rdsParameterGroupForceSsl, group("postgres17", [{ name: "log_connections", value: "1" }])), [
                'parameters must set rds.force_ssl to "1" (found: undefined)',
            ]);
        });

        it("applies to PostgreSQL families only", async () => {
            await assertNoResourceViolation(rdsParameterGroupForceSsl, group("mysql8.0", []));
            await assertNoResourceViolation(rdsParameterGroupForceSsl, group(undefined, []));
        });
    });
});
