/**
 * `platform:drTargets`: the recovery objectives the stack must meet. `npm run dr-report -- <stack>` computes the
 * achievable RPO and RTO of every data store from what the stack deploys (scripts/drReport.ts,
 * lib/drObjectives.ts) and the mandatory policy `stack-dr-objectives` refuses a deployment that misses them.
 * Omit the key (dev) and no objective is checked.
 */
import { z } from "zod";

export const drTargetsSchema = z
    .object({
        rpoMinutes: z
            .int()
            .min(1)
            .max(1440)
            .default(15)
            .describe("Recovery point objective (minutes, 1-1440): the most data, in time, a regional loss may lose for every data store."),
        rtoMinutes: z
            .int()
            .min(5)
            .max(1440)
            .default(60)
            .describe("Recovery time objective (minutes, 5-1440): how long the regional failover runbook may take, end to end."),
    })
    .strict();
export type DrTargetsConfig = z.infer<typeof drTargetsSchema>;
