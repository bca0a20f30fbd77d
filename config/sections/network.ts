/** Network config: the regions a stack runs in, each with its VPC layout (components/network). */
import { z } from "zod";
import { awsRegionName, cidr, cloudWatchRetentionDays } from "./common";

/** AZ counts the network layout supports: EKS needs two AZs; four covers every region's practical maximum. */
export const MIN_AZ_COUNT = 2;
export const MAX_AZ_COUNT = 4;

const subnetNewBits = z
    .object({
        public: z.int().min(1).max(12).default(8).describe("Bits added to the VPC prefix for public subnets (a /16 VPC gives /24)."),
        private: z.int().min(1).max(12).default(4).describe("Bits added for private (node and pod) subnets (a /16 VPC gives /20)."),
        database: z.int().min(1).max(12).default(8).describe("Bits added for isolated database subnets."),
    })
    .strict();

export const regionSchema = z
    .object({
        name: awsRegionName.describe("AWS region, e.g. us-east-1; one the pinned AWS provider knows, all regions in one partition."),
        role: z.enum(["primary", "secondary"]).describe("primary runs the writable data stores; secondary is the DR/standby region."),
        vpcCidr: cidr
            .refine((value) => /\/(1[6-9]|2[0-8])$/.test(value), "expected a /16 to /28 range (the VPC sizes AWS allows)")
            .describe("VPC IPv4 range, /16 to /28 (AWS); must not overlap any other region's (or any other environment's, for peering). Normalised (10.010.0.0/16 is 10.10.0.0/16)."),
        azCount: z.int().min(MIN_AZ_COUNT).max(MAX_AZ_COUNT).describe(`Availability zones to spread subnets over (${MIN_AZ_COUNT}-${MAX_AZ_COUNT}).`),
        natStrategy: z.enum(["single", "perAz"]).describe("single: one NAT gateway (cheap, one AZ's outage cuts egress); perAz: one per AZ (HA)."),
        subnetNewBits: subnetNewBits.default({ public: 8, private: 4, database: 8 }).describe("Subnet sizes relative to the VPC."),
        flowLogRetentionDays: cloudWatchRetentionDays.default(365).describe("Retention of VPC flow logs in CloudWatch; one of the periods CloudWatch accepts."),
    })
    .strict();
export type RegionConfig = z.infer<typeof regionSchema>;
