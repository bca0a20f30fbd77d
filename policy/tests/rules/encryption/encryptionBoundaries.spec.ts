/**
 * Wrong-but-plausible inputs to the encryption rules: an explicit false where the engine default is true,
 * rotation and deletion windows one day either side of their bounds, keys the rotation rule must leave
 * alone, and encryption flags given as the wrong type.
 */
import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { eksClusterSecretsEncryption } from "../../../rules/encryption/eksClusterSecretsEncryption";
import { elasticacheAtRestEncryption } from "../../../rules/encryption/elasticacheAtRestEncryption";
import { kmsKeyDeletionWindow } from "../../../rules/encryption/kmsKeyDeletionWindow";
import { kmsKeyPolicySafe } from "../../../rules/encryption/kmsKeyPolicySafe";
import { kmsKeyRotation } from "../../../rules/encryption/kmsKeyRotation";
import { launchTemplateEbsEncrypted } from "../../../rules/encryption/launchTemplateEbsEncrypted";
import { rdsInstanceMasterSecretCmk } from "../../../rules/encryption/rdsInstanceMasterSecretCmk";
import { s3BucketKeyEnabled } from "../../../rules/encryption/s3BucketKeyEnabled";
import { compliantKmsKey, compliantLaunchTemplate, compliantRdsInstance, compliantReplicationGroup } from "../../fixtures";
import { assertNoResourceViolation, resourceArgs, violationsOf } from "../../helpers";

const key = (patch: object, config?: Record<string, any>) => resourceArgs(aws.kms.Key, { ...compliantKmsKey(), ...patch }, { config });

describe("encryption rules: wrong-but-plausible inputs", () => {
    describe("elasticache-at-rest-encryption", () => {
        const rg = (patch: object) => resourceArgs(aws.elasticache.ReplicationGroup, { ...compliantReplicationGroup(), ...patch });

        it("fails valkey with atRestEncryptionEnabled explicitly false: the engine default does not override it", async () => {
            assert.deepEqual(await violationsOf(elasticacheAtRestEncryption, rg({ engine: "valkey", atRestEncryptionEnabled: false })), ["atRestEncryptionEnabled must be true (found: false)"]);
        });

        it("fails the string \"true\"", async () => {
            assert.deepEqual(await violationsOf(elasticacheAtRestEncryption, rg({ engine: "redis", atRestEncryptionEnabled: "true" })), ['atRestEncryptionEnabled must be true (found: "true")']);
        });
    });

    describe("kms-key-rotation", () => {
        it("accepts the bounds 90 and 365 days and refuses 89 and 366", async () => {
            await assertNoResourceViolation(kmsKeyRotation, key({ rotationPeriodInDays: 90 }));
            await assertNoResourceViolation(kmsKeyRotation, key({ rotationPeriodInDays: 365 }));
            for (const days of [89, 366]) {
                assert.deepEqual(await violationsOf(kmsKeyRotation, key({ rotationPeriodInDays: days })), [`rotationPeriodInDays must be between 90 and 365 (found: ${days})`]);
            }
        });

        it("leaves keys KMS cannot rotate alone: asymmetric and HMAC specs, custom and external key stores", async () => {
            for (const patch of [{ customerMasterKeySpec: "RSA_2048" }, { customerMasterKeySpec: "HMAC_256" }, { customKeyStoreId: "cks-1" }, { xksKeyId: "xks-1" }]) {
                await assertNoResourceViolation(kmsKeyRotation, key({ ...patch, enableKeyRotation: false, rotationPeriodInDays: 10 }));
            }
        });

        it("reports both a missing rotation and a bad period, and the string \"true\" is not rotation", async () => {
            assert.deepEqual(await violationsOf(kmsKeyRotation, key({ enableKeyRotation: "true", rotationPeriodInDays: 30 })), [
                'enableKeyRotation must be true (found: "true")',
                "rotationPeriodInDays must be between 90 and 365 (found: 30)",
            ]);
        });
    });

    describe("kms-key-deletion-window", () => {
        it("accepts exactly the configured minimum and refuses one day less", async () => {
            await assertNoResourceViolation(kmsKeyDeletionWindow, key({ deletionWindowInDays: 14 }));
            assert.deepEqual(await violationsOf(kmsKeyDeletionWindow, key({ deletionWindowInDays: 13 })), ["deletionWindowInDays must be at least 14 (found: 13)"]);
            await assertNoResourceViolation(kmsKeyDeletionWindow, key({ deletionWindowInDays: 21 }, { minimumDays: 21 }));
            assert.deepEqual(await violationsOf(kmsKeyDeletionWindow, key({ deletionWindowInDays: 20 }, { minimumDays: 21 })), ["deletionWindowInDays must be at least 21 (found: 20)"]);
        });
    });

    describe("launch-template-ebs-encrypted", () => {
        const template = (blockDeviceMappings: unknown) => resourceArgs(aws.ec2.LaunchTemplate, { ...compliantLaunchTemplate(), blockDeviceMappings });
        const ebs = (encrypted: unknown) => ({ deviceName: "/dev/xvda", ebs: { encrypted, volumeSize: 50 } });

        it("accepts encrypted as the boolean true as well as the string \"true\"", async () => {
            await assertNoResourceViolation(launchTemplateEbsEncrypted, template([ebs(true)]));
            await assertNoResourceViolation(launchTemplateEbsEncrypted, template([ebs("true")]));
        });

        it("fails each unencrypted EBS mapping by its index, skipping instance-store and suppressed ones", async () => {
            const mappings = [ebs("true"), { deviceName: "/dev/sdb", virtualName: "ephemeral0" }, { deviceName: "/dev/sdc", noDevice: "", ebs: null }, ebs(false), ebs("TRUE")];
            assert.deepEqual(await violationsOf(launchTemplateEbsEncrypted, template(mappings)), [
                'blockDeviceMappings[3].ebs.encrypted must be "true" (found: false)',
                'blockDeviceMappings[4].ebs.encrypted must be "true" (found: "TRUE")',
            ]);
        });

        it("fails mappings whose only EBS entry is null", async () => {
            assert.equal((await violationsOf(launchTemplateEbsEncrypted, template([{ deviceName: "/dev/xvda", ebs: null }]))).length, 1);
        });
    });

    describe("kms-key-policy-safe", () => {
        const withStatements = (Statement: object[]) => key({ policy: JSON.stringify({ Version: "2012-10-17", Statement }) });

        it("labels an offending statement by Sid, or by its index when it has none", async () => {
            const open = { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" };
            assert.deepEqual(await violationsOf(kmsKeyPolicySafe, withStatements([{ ...open, Sid: "Open" }, open])), [
                'policy statement "Open" must not Allow Principal "*" without a Condition (found: Principal "*" with no Condition)',
                'policy statement #1 must not Allow Principal "*" without a Condition (found: Principal "*" with no Condition)',
            ]);
        });

        it("reads past a null statement", async () => {
            const open = { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" };
            assert.equal((await violationsOf(kmsKeyPolicySafe, withStatements([null as unknown as object, open]))).length, 1);
        });

        it("accepts an empty policy string as the default key policy", async () => {
            await assertNoResourceViolation(kmsKeyPolicySafe, key({ policy: "" }));
            await assertNoResourceViolation(kmsKeyPolicySafe, key({ policy: null }));
        });

        it("accepts bypassPolicyLockoutSafetyCheck false, fails only true", async () => {
            await assertNoResourceViolation(kmsKeyPolicySafe, key({ bypassPolicyLockoutSafetyCheck: false }));
        });
    });

    describe("eks-cluster-secrets-encryption", () => {
        it("names each missing part of the encryption config", async () => {
            const cluster = (encryptionConfig: unknown) => resourceArgs(aws.eks.Cluster, { name: "c", roleArn: "arn", vpcConfig: {}, encryptionConfig });
            assert.deepEqual(await violationsOf(eksClusterSecretsEncryption, cluster({ resources: ["configmaps"], provider: {} })), [
                'encryptionConfig.resources must include "secrets" (found: ["configmaps"])',
                "encryptionConfig.provider.keyArn must name a KMS key (found: undefined)",
            ]);
            await assertNoResourceViolation(eksClusterSecretsEncryption, cluster({ resources: ["secrets"], provider: { keyArn: "arn:aws:kms:us-east-1:111122223333:key/k" } }));
            assert.deepEqual(await violationsOf(eksClusterSecretsEncryption, cluster(null)), ['encryptionConfig must encrypt "secrets" with a KMS key (found: null)']);
            assert.deepEqual(await violationsOf(eksClusterSecretsEncryption, cluster(undefined)), ['encryptionConfig must encrypt "secrets" with a KMS key (found: undefined)']);
            assert.deepEqual(await violationsOf(eksClusterSecretsEncryption, cluster({ resources: ["secrets"] })), ["encryptionConfig.provider.keyArn must name a KMS key (found: undefined)"]);
        });
    });

    describe("rds-instance-master-secret-cmk", () => {
        const instance = (patch: object) => resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), ...patch });

        it("refuses passwordWo always, a password next to a managed one, and a managed password without a key", async () => {
            assert.deepEqual(await violationsOf(rdsInstanceMasterSecretCmk, instance({ manageMasterUserPassword: false, masterUserSecretKmsKeyId: undefined, passwordWo: "q" })), [
                "passwordWo must not be set: the master password must be managed by RDS or generated and rotated by the stack (found: a passwordWo input)",
                "manageMasterUserPassword must be true (found: false)",
            ]);
            assert.deepEqual(await violationsOf(rdsInstanceMasterSecretCmk, instance({ manageMasterUserPassword: true, password: "p" })), [
                "password must not be set unless manageMasterUserPassword is false (found: a password input)",
            ]);
            assert.deepEqual(await violationsOf(rdsInstanceMasterSecretCmk, instance({ manageMasterUserPassword: true, masterUserSecretKmsKeyId: undefined })), [
                "masterUserSecretKmsKeyId must name a customer-managed KMS key when manageMasterUserPassword is true (found: undefined)",
            ]);
            await assertNoResourceViolation(rdsInstanceMasterSecretCmk, instance({ manageMasterUserPassword: false, masterUserSecretKmsKeyId: undefined, password: "generated" }));
        });

        it("leaves read replicas alone: they take the source's credentials", async () => {
            await assertNoResourceViolation(rdsInstanceMasterSecretCmk, instance({ replicateSourceDb: "arn:aws:rds:us-east-1:111122223333:db:src", manageMasterUserPassword: undefined }));
        });
    });

    describe("s3-bucket-key-enabled", () => {
        it("checks SSE-KMS rules only, naming the rule", async () => {
            const config = (rules: unknown) => resourceArgs(aws.s3.BucketServerSideEncryptionConfiguration, { bucket: "b", rules });
            assert.deepEqual(
                await violationsOf(
                    s3BucketKeyEnabled,
                    config([
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                        { bucketKeyEnabled: false },
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse" } },
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: "true" },
                    ]),
                ),
                ['rules[3].bucketKeyEnabled must be true (found: "true")'],
            );
        });
    });
});
