import { PlatformResourcePolicy } from "../../lib/rule";
import { ECR_CREATION_TEMPLATE, ECR_REPOSITORY } from "../../lib/ecr";
import { knownValue } from "../../lib/sqs";
import { found, isSet, listOf, validateResourceOfTokens } from "../../lib/validate";

/**
 * Without an encryption configuration ECR uses AES256 with keys it owns; `KMS` without `kmsKey` uses the
 * AWS-managed aws/ecr key. Neither can be scoped by a key policy. The key is fixed at creation.
 */
export const ecrRepositoryCmk: PlatformResourcePolicy = {
    name: "ecr-repository-cmk",
    description: "ECR repositories (and replica creation templates) must be encrypted with a customer-managed KMS key: encryptionType KMS (or KMS_DSSE) and a kmsKey that is not alias/aws/ecr.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "encryption",
    anchors: ["CKV_AWS_136", "AVD-AWS-0033"],
    remediationSteps:
        'Set `encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }]` with the region\'s `ecr` key. It cannot be changed on an existing repository: create a new one and move the images.',
    validateResource: validateResourceOfTokens([ECR_REPOSITORY, ECR_CREATION_TEMPLATE], (props, _args, reportViolation) => {
        const configurations = listOf(Object.getOwnPropertyDescriptor(props, "encryptionConfigurations")?.value);
        if (configurations.length === 0) {
            reportViolation("encryptionConfigurations must name a customer-managed KMS key (found: undefined; ECR then uses AES256 with keys it owns)");
            return;
        }
        for (const [i, configuration] of configurations.entries()) {
            const entry = configuration ?? {};
            const type = knownValue(entry, "encryptionType");
            if (type !== "KMS" && type !== "KMS_DSSE" && !(isSet(entry, "encryptionType") && type === undefined)) {
                reportViolation(`encryptionConfigurations[${i}].encryptionType must be "KMS" or "KMS_DSSE" (found: ${found(type)})`);
            }
            // A key created in the same update is unknown during preview: set, and checked by the real preview.
            const key = knownValue(entry, "kmsKey");
            if (!isSet(entry, "kmsKey")) {
                reportViolation(`encryptionConfigurations[${i}].kmsKey must name a customer-managed key (found: ${found(key)}; unset means the AWS-managed aws/ecr key)`);
            } else if (typeof key === "string" && /(^|:)alias\/aws\/ecr$/.test(key)) {
                reportViolation(`encryptionConfigurations[${i}].kmsKey must be a customer-managed key, not the AWS-managed key (found: ${found(key)})`);
            }
        }
    }),
};
