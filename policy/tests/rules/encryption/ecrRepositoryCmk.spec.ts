import * as aws from "@pulumi/aws";
import { ecrRepositoryCmk as policy } from "../../../rules/encryption/ecrRepositoryCmk";
import { KEY_ARN } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

const repository = { name: "services/bff", encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY_ARN }] };
const template = { prefix: "services", appliedFors: ["REPLICATION"], encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY_ARN }] };

describe("ecr-repository-cmk", () => {
    it("passes a repository and a replica template under a customer-managed key (KMS or KMS_DSSE)", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.ecr.Repository, repository));
        await assertNoResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, encryptionConfigurations: [{ encryptionType: "KMS_DSSE", kmsKey: KEY_ARN }] }));
        await assertNoResourceViolation(policy, resourceArgs(aws.ecr.RepositoryCreationTemplate, template));
    });

    it("passes a key not known during preview", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: UNKNOWN }] }));
    });

    it("fails encryption unset (AES256 with ECR-owned keys)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.ecr.Repository, { name: "services/bff" }), /encryptionConfigurations must name a customer-managed KMS key \(found: undefined/);
        await assertResourceViolation(policy, resourceArgs(aws.ecr.RepositoryCreationTemplate, { ...template, encryptionConfigurations: [] }), /must name a customer-managed KMS key/);
    });

    it("fails AES256, and KMS without a key (the AWS-managed aws/ecr key)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, encryptionConfigurations: [{ encryptionType: "AES256" }] }), /encryptionType must be "KMS" or "KMS_DSSE" \(found: "AES256"\)/);
        await assertResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, encryptionConfigurations: [{ encryptionType: "KMS" }] }), /kmsKey must name a customer-managed key \(found: undefined; unset means the AWS-managed/);
        await assertResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, encryptionConfigurations: [{ kmsKey: KEY_ARN }] }), /encryptionType must be/);
    });

    it("fails the AWS-managed key named explicitly, by alias or alias ARN", async () => {
        for (const key of ["alias/aws/ecr", "arn:aws:kms:us-east-1:111122223333:alias/aws/ecr"]) {
            await assertResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key }] }), /not the AWS-managed key/);
        }
        await assertNoResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "alias/platform/prod/ecr" }] }));
    });
});
