import { PlatformPolicy } from "../../lib/rule";
import { eksClusterDeletionProtection } from "./eksClusterDeletionProtection";
import { elasticacheAutomaticFailover } from "./elasticacheAutomaticFailover";
import { elasticacheFinalSnapshot } from "./elasticacheFinalSnapshot";
import { elasticacheReplicas } from "./elasticacheReplicas";
import { elasticacheSnapshotRetention } from "./elasticacheSnapshotRetention";
import { rdsInstanceBackupRetention } from "./rdsInstanceBackupRetention";
import { rdsInstanceCopyTagsToSnapshot } from "./rdsInstanceCopyTagsToSnapshot";
import { rdsInstanceDeletionProtection } from "./rdsInstanceDeletionProtection";
import { rdsInstanceFinalSnapshot } from "./rdsInstanceFinalSnapshot";
import { rdsInstanceKeepAutomatedBackups } from "./rdsInstanceKeepAutomatedBackups";
import { rdsInstanceMultiAz } from "./rdsInstanceMultiAz";
import { s3BucketReplicationTimeControl } from "./s3BucketReplicationTimeControl";
import { secretsmanagerSecretRecoveryWindow } from "./secretsmanagerSecretRecoveryWindow";

/** Backups, snapshots, deletion protection and high availability: the data-loss theme. */
export const backupRules: PlatformPolicy[] = [
    rdsInstanceBackupRetention,
    rdsInstanceDeletionProtection,
    rdsInstanceFinalSnapshot,
    rdsInstanceMultiAz,
    rdsInstanceCopyTagsToSnapshot,
    rdsInstanceKeepAutomatedBackups,
    elasticacheSnapshotRetention,
    elasticacheReplicas,
    elasticacheAutomaticFailover,
    elasticacheFinalSnapshot,
    secretsmanagerSecretRecoveryWindow,
    eksClusterDeletionProtection,
    s3BucketReplicationTimeControl,
];
