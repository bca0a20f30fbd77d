/** Every rule in the pack, family by family (one family per folder under policy/rules/). */
import { PlatformPolicy } from "../lib/rule";
import { atlasRules } from "./atlas";
import { backupRules } from "./backup";
import { cloudflareRules } from "./cloudflare";
import { encryptionRules } from "./encryption";
import { exposureRules } from "./exposure";
import { identityRules } from "./identity";
import { kubernetesRules } from "./kubernetes";
import { loggingRules } from "./logging";
import { stackRules } from "./stack";
import { tlsRules } from "./tls";
import { versioningRules } from "./versioning";

/** Family name (the folder under policy/rules/) to its rules. */
export const rulesByFamily: Record<string, PlatformPolicy[]> = {
    encryption: encryptionRules,
    tls: tlsRules,
    backup: backupRules,
    versioning: versioningRules,
    logging: loggingRules,
    exposure: exposureRules,
    identity: identityRules,
    kubernetes: kubernetesRules,
    atlas: atlasRules,
    cloudflare: cloudflareRules,
    stack: stackRules,
};

export const allRules: PlatformPolicy[] = Object.values(rulesByFamily).flat();
