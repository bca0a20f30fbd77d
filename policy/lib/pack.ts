/**
 * What the analyzer is told about the pack when the CLI loads it: the name and default level that
 * policy/index.ts passes to `new PolicyPack`, and the version @pulumi/policy reads from the pack's
 * package.json. The offline gate quotes them in its messages as the analyzer does.
 */
import { EnforcementLevel } from "@pulumi/policy";

export const PACK_NAME = "platform-policy";

/** Used when neither the policy nor the config names a level. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

export const PACK_VERSION: string = require("../package.json").version;
