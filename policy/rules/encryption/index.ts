import { PlatformPolicy } from "../../lib/rule";
import { cloudwatchLogGroupKms } from "./cloudwatchLogGroupKms";
import { ebsVolumeEncrypted } from "./ebsVolumeEncrypted";
import { eksClusterSecretsEncryption } from "./eksClusterSecretsEncryption";
import { eksComponentNodeRootVolumeEncrypted } from "./eksComponentNodeRootVolumeEncrypted";
import { eksComponentSecretsEncryption } from "./eksComponentSecretsEncryption";
import { eksManagedNodeGroupLaunchTemplate } from "./eksManagedNodeGroupLaunchTemplate";
import { elasticacheAtRestEncryption } from "./elasticacheAtRestEncryption";
import { elasticacheCustomerManagedKey } from "./elasticacheCustomerManagedKey";
import { kmsKeyDeletionWindow } from "./kmsKeyDeletionWindow";
import { kmsKeyPolicySafe } from "./kmsKeyPolicySafe";
import { kmsKeyRotation } from "./kmsKeyRotation";
import { launchTemplateEbsEncrypted } from "./launchTemplateEbsEncrypted";
import { backupVaultCmk } from "./backupVaultCmk";
import { rdsInstanceCustomerManagedKey } from "./rdsInstanceCustomerManagedKey";
import { rdsInstanceMasterSecretCmk } from "./rdsInstanceMasterSecretCmk";
import { rdsInstancePerformanceInsightsCmk } from "./rdsInstancePerformanceInsightsCmk";
import { rdsInstanceStorageEncrypted } from "./rdsInstanceStorageEncrypted";
import { s3BucketKeyEnabled } from "./s3BucketKeyEnabled";
import { s3BucketSseKms } from "./s3BucketSseKms";
import { secretsmanagerSecretCmk } from "./secretsmanagerSecretCmk";
import { sqsQueueCmk } from "./sqsQueueCmk";
import { snsTopicCmk } from "./snsTopicCmk";
import { ecrRepositoryCmk } from "./ecrRepositoryCmk";

/** Encryption at rest, and the KMS keys behind it. */
export const encryptionRules: PlatformPolicy[] = [
    rdsInstanceStorageEncrypted,
    rdsInstanceCustomerManagedKey,
    rdsInstancePerformanceInsightsCmk,
    rdsInstanceMasterSecretCmk,
    elasticacheAtRestEncryption,
    elasticacheCustomerManagedKey,
    s3BucketSseKms,
    s3BucketKeyEnabled,
    eksClusterSecretsEncryption,
    eksComponentSecretsEncryption,
    eksComponentNodeRootVolumeEncrypted,
    eksManagedNodeGroupLaunchTemplate,
    launchTemplateEbsEncrypted,
    ebsVolumeEncrypted,
    cloudwatchLogGroupKms,
    secretsmanagerSecretCmk,
    kmsKeyRotation,
    kmsKeyPolicySafe,
    kmsKeyDeletionWindow,
    sqsQueueCmk,
    backupVaultCmk,
    snsTopicCmk,
    ecrRepositoryCmk,
];
