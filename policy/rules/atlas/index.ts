import { PlatformPolicy } from "../../lib/rule";
import { atlasAuditingEnabled } from "./atlasAuditingEnabled";
import { atlasBackupSchedulePolicies } from "./atlasBackupSchedulePolicies";
import { atlasClusterBackupEnabled } from "./atlasClusterBackupEnabled";
import { atlasClusterDedicatedTier } from "./atlasClusterDedicatedTier";
import { atlasClusterEncryptionAtRestKms } from "./atlasClusterEncryptionAtRestKms";
import { atlasClusterJavascriptDisabled } from "./atlasClusterJavascriptDisabled";
import { atlasClusterMinTls } from "./atlasClusterMinTls";
import { atlasClusterPitEnabled } from "./atlasClusterPitEnabled";
import { atlasClusterTerminationProtection } from "./atlasClusterTerminationProtection";
import { atlasDatabaseUserNoPassword } from "./atlasDatabaseUserNoPassword";
import { atlasEncryptionAtRestEnabled } from "./atlasEncryptionAtRestEnabled";

/** MongoDB Atlas (@pulumi/mongodbatlas v4): backups, TLS, customer keys, tiers, users, auditing. */
export const atlasRules: PlatformPolicy[] = [
    atlasClusterBackupEnabled,
    atlasClusterPitEnabled,
    atlasClusterMinTls,
    atlasClusterJavascriptDisabled,
    atlasClusterTerminationProtection,
    atlasClusterEncryptionAtRestKms,
    atlasClusterDedicatedTier,
    atlasBackupSchedulePolicies,
    atlasEncryptionAtRestEnabled,
    atlasDatabaseUserNoPassword,
    atlasAuditingEnabled,
];
