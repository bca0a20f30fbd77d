import * as aws from "@pulumi/aws";
import { subnetNoPublicIpOnLaunch } from "../../../rules/exposure/subnetNoPublicIpOnLaunch";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("subnet-no-public-ip-on-launch", () => {
    const subnet = (props: Record<string, any>, config?: Record<string, any>) =>
        resourceArgs(aws.ec2.Subnet, { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24", ...props }, { config });

    it("passes a private subnet with mapPublicIpOnLaunch unset (default false)", async () => {
        await assertNoResourceViolation(subnetNoPublicIpOnLaunch, subnet({ tags: { "kubernetes.io/role/internal-elb": "1" } }));
    });

    it("passes a private subnet with mapPublicIpOnLaunch false", async () => {
        await assertNoResourceViolation(subnetNoPublicIpOnLaunch, subnet({ mapPublicIpOnLaunch: false }));
    });

    it("passes a public-tier subnet that maps public IPs", async () => {
        await assertNoResourceViolation(subnetNoPublicIpOnLaunch, subnet({ mapPublicIpOnLaunch: true, tags: { "kubernetes.io/role/elb": "1" } }));
    });

    it("fails a private subnet that maps public IPs", async () => {
        await assertResourceViolation(
            subnetNoPublicIpOnLaunch,
            subnet({ mapPublicIpOnLaunch: true, tags: { "kubernetes.io/role/internal-elb": "1" } }),
            /mapPublicIpOnLaunch must be false on a subnet not tagged as public \(found: true; public tags: \{"kubernetes\.io\/role\/elb":"1"\}/,
        );
    });

    it("fails an untagged subnet that maps public IPs", async () => {
        await assertResourceViolation(subnetNoPublicIpOnLaunch, subnet({ mapPublicIpOnLaunch: true }), /subnet tags: undefined\)/);
    });

    it("honours configured public tags", async () => {
        const config = { publicSubnetTags: { tier: "public" } };
        await assertNoResourceViolation(subnetNoPublicIpOnLaunch, subnet({ mapPublicIpOnLaunch: true, tags: { tier: "public" } }, config));
        await assertResourceViolation(subnetNoPublicIpOnLaunch, subnet({ mapPublicIpOnLaunch: true, tags: { "kubernetes.io/role/elb": "1" } }, config), /not tagged as public/);
    });
    it("any one of several configured public tags makes a subnet public", async () => {
        const config = { publicSubnetTags: { tier: "public", "kubernetes.io/role/elb": "1" } };
        await assertNoResourceViolation(subnetNoPublicIpOnLaunch, subnet({ mapPublicIpOnLaunch: true, tags: { tier: "public" } }, config));
        await assertNoResourceViolation(subnetNoPublicIpOnLaunch, subnet({ mapPublicIpOnLaunch: true, tags: { "kubernetes.io/role/elb": "1" } }, config));
        await assertResourceViolation(subnetNoPublicIpOnLaunch, subnet({ mapPublicIpOnLaunch: true, tags: { tier: "private" } }, config), /not tagged as public/);
    });
});
