/** Value types several config sections share. */
import { z } from "zod";
import { parseCidr } from "../../lib/cidr";

export const cidr = z.string().superRefine((value, ctx) => {
    try {
        parseCidr(value);
    } catch (error) {
        ctx.addIssue({ code: "custom", message: `${(error as Error).message} (expected an IPv4 CIDR like 10.0.0.0/16)` });
    }
});

export const awsRegionName = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "expected an AWS region name like us-east-1");
export const iamRoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "expected an IAM role ARN like arn:aws:iam::123456789012:role/name");
export const cpuQuantity = z.string().regex(/^[1-9]\d*m$/, "expected CPU in millicores like 250m");
export const memoryQuantity = z.string().regex(/^[1-9]\d*(Mi|Gi)$/, "expected memory like 512Mi or 2Gi");
