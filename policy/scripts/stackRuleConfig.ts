/**
 * Rule config taken from a stack's own configuration, for policy/config.<env>.json: today the
 * stack-data-residency rule's allowedRegions, from `platform:residency` in Pulumi.<env>.yaml. Generating
 * it (rather than reading a stack output or tag at policy time) gives the offline gate and
 * `pulumi preview --policy-pack-config` the same map; policy/tests/enforcement.spec.ts fails while a
 * committed config file differs from its stack file.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { residencySchema } from "../../config/sections/dr/residency";
import type { StackRuleConfig } from "../enforcement";

export const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..");

export function stackRuleConfig(env: string, rootDir: string = REPOSITORY_ROOT): StackRuleConfig {
    const file = path.join(rootDir, `Pulumi.${env}.yaml`);
    const stack = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    const raw = stack?.config?.["platform:residency"];
    if (raw === undefined) {
        return {};
    }
    // The stack's validation reports a bad section with its key; here it only must not be half-read.
    const residency = residencySchema.parse(raw);
    const allowedRegions = Object.fromEntries(Object.entries(residency.allowedRegions).filter(([, regions]) => regions !== undefined));
    return { "stack-data-residency": { allowedRegions } };
}
