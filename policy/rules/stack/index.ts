import { PlatformPolicy } from "../../lib/rule";
import { stackAtlasClusterBackupSchedule } from "./stackAtlasClusterBackupSchedule";
import { stackBackupVaultLocked } from "./stackBackupVaultLocked";
import { stackCloudflareWafManaged } from "./stackCloudflareWafManaged";
import { stackCloudflareZoneSettings } from "./stackCloudflareZoneSettings";
import { stackDataResidency } from "./stackDataResidency";
import { stackDeploymentPdb } from "./stackDeploymentPdb";
import { stackHpaTarget } from "./stackHpaTarget";
import { stackRdsGeneratedMasterSecret } from "./stackRdsGeneratedMasterSecret";
import { stackRestoreTesting } from "./stackRestoreTesting";
import { stackSecretsReplicated } from "./stackSecretsReplicated";
import { stackDrObjectives } from "./stackDrObjectives";
import { stackElasticacheGlobalDatastoreSecured } from "./stackElasticacheGlobalDatastoreSecured";
import { stackS3BucketCompanions } from "./stackS3BucketCompanions";
import { stackSqsQueueDeadLetter } from "./stackSqsQueueDeadLetter";
import { stackStatefulProtected } from "./stackStatefulProtected";

/**
 * Cross-resource rules: companions joined through propertyDependencies, selectors, protection.
 * (A VPC's flow log and a bucket's versioning, encryption, TLS policy and logging are required by their
 * own rules in the logging, versioning, encryption and tls families, which also check the values.)
 */
export const stackRules: PlatformPolicy[] = [
    stackS3BucketCompanions,
    stackDeploymentPdb,
    stackHpaTarget,
    stackCloudflareZoneSettings,
    stackCloudflareWafManaged,
    stackStatefulProtected,
    stackAtlasClusterBackupSchedule,
    stackRdsGeneratedMasterSecret,
    stackDataResidency,
    stackSqsQueueDeadLetter,
    stackBackupVaultLocked,
    stackRestoreTesting,
    stackSecretsReplicated,
    stackDrObjectives,
    stackElasticacheGlobalDatastoreSecured,
];
