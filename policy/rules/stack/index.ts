import { PlatformPolicy } from "../../lib/rule";
import { stackAtlasClusterBackupSchedule } from "./stackAtlasClusterBackupSchedule";
import { stackCloudflareZoneSettings } from "./stackCloudflareZoneSettings";
import { stackDeploymentPdb } from "./stackDeploymentPdb";
import { stackHpaTarget } from "./stackHpaTarget";
import { stackS3BucketCompanions } from "./stackS3BucketCompanions";
import { stackStatefulProtected } from "./stackStatefulProtected";
import { stackVpcFlowLog } from "./stackVpcFlowLog";

/** Cross-resource rules: companions joined through propertyDependencies, selectors, protection. */
export const stackRules: PlatformPolicy[] = [
    stackS3BucketCompanions,
    stackVpcFlowLog,
    stackDeploymentPdb,
    stackHpaTarget,
    stackCloudflareZoneSettings,
    stackStatefulProtected,
    stackAtlasClusterBackupSchedule,
];
