/**
 * `platform:buckets`: lifecycle windows of the per-region S3 buckets (documents, static assets, access logs).
 * Encryption, versioning, public access and TLS are not configurable: every bucket gets them.
 */
import { z } from "zod";
import type { PlatformConfig } from "../../schema";
import { SectionProblem } from "./windows";

export const BUCKET_PURPOSES = ["documents", "assets", "accessLogs"] as const;
export type BucketPurpose = (typeof BUCKET_PURPOSES)[number];

/** S3 refuses transitions to STANDARD_IA earlier than 30 days after creation (or after becoming noncurrent). */
export const STANDARD_IA_MINIMUM_DAYS = 30;

export const bucketLifecycleSchema = z
    .object({
        transitionToStandardIaDays: z
            .int()
            .min(STANDARD_IA_MINIMUM_DAYS)
            .optional()
            .describe("Move current objects to STANDARD_IA after this many days (>= 30); unset keeps them in STANDARD."),
        transitionToGlacierIrDays: z
            .int()
            .min(1)
            .optional()
            .describe("Move current objects to GLACIER_IR after this many days (30+ days after the STANDARD_IA transition); unset never archives."),
        expirationDays: z.int().min(1).optional().describe("Expire current objects after this many days (they become noncurrent versions); unset keeps them."),
        noncurrentVersionTransitionToStandardIaDays: z
            .int()
            .min(STANDARD_IA_MINIMUM_DAYS)
            .optional()
            .describe("Move noncurrent versions to STANDARD_IA this many days after they become noncurrent (>= 30)."),
        noncurrentVersionExpirationDays: z.int().min(1).describe("Delete noncurrent versions this many days after they become noncurrent: the undo window for overwrites and deletes."),
        newerNoncurrentVersionsToKeep: z
            .int()
            .min(1)
            .max(100)
            .optional()
            .describe("Always keep this many newest noncurrent versions, however old."),
        abortIncompleteMultipartUploadDays: z.int().min(1).default(7).describe("Abort multipart uploads left incomplete for this many days (their parts are billed)."),
    })
    .strict();
export type BucketLifecycleConfig = z.infer<typeof bucketLifecycleSchema>;

export const bucketsSchema = z
    .object({
        documents: bucketLifecycleSchema.describe("Documents bucket (PII; used by the document service under documents/)."),
        assets: bucketLifecycleSchema.describe("Static assets bucket (served through the CDN)."),
        accessLogs: bucketLifecycleSchema.describe("S3 server access logs of the other buckets; expirationDays is the log retention."),
    })
    .strict();
export type BucketsConfig = z.infer<typeof bucketsSchema>;

/** Ordering checks within one bucket's lifecycle. */
export function bucketLifecycleProblems(purpose: BucketPurpose, lifecycle: BucketLifecycleConfig): SectionProblem[] {
    const problems: SectionProblem[] = [];
    const key = (field: keyof BucketLifecycleConfig) => ["buckets", purpose, field];
    const ia = lifecycle.transitionToStandardIaDays;
    const glacier = lifecycle.transitionToGlacierIrDays;
    if (ia !== undefined && glacier !== undefined && glacier < ia + STANDARD_IA_MINIMUM_DAYS) {
        problems.push({
            path: key("transitionToGlacierIrDays"),
            message: `${glacier} is less than 30 days after transitionToStandardIaDays ${ia}; S3 keeps objects in STANDARD_IA at least 30 days`,
        });
    }
    const lastTransition = Math.max(ia ?? 0, glacier ?? 0);
    if (lifecycle.expirationDays !== undefined && lifecycle.expirationDays <= lastTransition) {
        problems.push({
            path: key("expirationDays"),
            message: `${lifecycle.expirationDays} is not after the last transition (day ${lastTransition}); expected a later expiry or no transition`,
        });
    }
    const noncurrentIa = lifecycle.noncurrentVersionTransitionToStandardIaDays;
    if (noncurrentIa !== undefined && lifecycle.noncurrentVersionExpirationDays <= noncurrentIa) {
        problems.push({
            path: key("noncurrentVersionExpirationDays"),
            message: `${lifecycle.noncurrentVersionExpirationDays} is not after noncurrentVersionTransitionToStandardIaDays ${noncurrentIa}; expected a later expiry`,
        });
    }
    return problems;
}

export function bucketsProblems(config: PlatformConfig): SectionProblem[] {
    return BUCKET_PURPOSES.flatMap((purpose) => bucketLifecycleProblems(purpose, config.buckets[purpose]));
}
