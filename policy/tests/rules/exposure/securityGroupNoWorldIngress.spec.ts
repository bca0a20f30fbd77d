import * as aws from "@pulumi/aws";
import { securityGroupNoWorldIngress } from "../../../rules/exposure/securityGroupNoWorldIngress";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const LB_TAGS = { "platform:role": "load-balancer" };
const https = { protocol: "tcp", fromPort: 443, toPort: 443 };

describe("security-group-no-world-ingress", () => {
    describe("aws.ec2.SecurityGroup inline ingress", () => {
        const group = (ingress: Record<string, any>[], tags?: Record<string, string>) => resourceArgs(aws.ec2.SecurityGroup, { vpcId: "vpc-1", ingress, tags });

        it("passes ingress from the VPC and from other groups", async () => {
            await assertNoResourceViolation(
                securityGroupNoWorldIngress,
                group([
                    { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"] },
                    { protocol: "tcp", fromPort: 6379, toPort: 6379, securityGroups: ["sg-app"] },
                ]),
            );
        });

        it("passes a group without ingress", async () => {
            await assertNoResourceViolation(securityGroupNoWorldIngress, group([]));
        });

        it("passes tcp 443 from the internet on a load-balancer group", async () => {
            await assertNoResourceViolation(securityGroupNoWorldIngress, group([{ ...https, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }], LB_TAGS));
        });

        it("fails tcp 443 from the internet on a group not tagged as a load balancer's", async () => {
            await assertResourceViolation(
                securityGroupNoWorldIngress,
                group([{ ...https, cidrBlocks: ["0.0.0.0/0"] }]),
                /ingress\[0\] must not open "tcp" ports 443-443 to 0\.0\.0\.0\/0: only a group tagged platform:role=load-balancer/,
            );
        });

        it("fails SSH from the internet even on a load-balancer group", async () => {
            await assertResourceViolation(
                securityGroupNoWorldIngress,
                group([https, { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }], LB_TAGS),
                /ingress\[1\] must not open "tcp" ports 22-22 to 0\.0\.0\.0\/0: a load-balancer group may open only tcp ports \[443\]/,
            );
        });

        it("fails a port range that merely includes 443", async () => {
            await assertResourceViolation(
                securityGroupNoWorldIngress,
                group([{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }], LB_TAGS),
                /ingress\[0\] must not open "tcp" ports 0-65535/,
            );
        });

        it("fails all traffic from ::/0", async () => {
            await assertResourceViolation(
                securityGroupNoWorldIngress,
                group([{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }], LB_TAGS),
                /ingress\[0\] must not open all protocols and ports to ::\/0/,
            );
        });

        it("fails udp 443 from the internet on a load-balancer group", async () => {
            await assertResourceViolation(securityGroupNoWorldIngress, group([{ protocol: "udp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }], LB_TAGS), /"udp" ports 443-443/);
        });

        it("fails tcp 80 unless the config allows it, and passes once it does", async () => {
            const rule = { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] };
            await assertResourceViolation(securityGroupNoWorldIngress, group([rule], LB_TAGS), /"tcp" ports 80-80/);
            const allowed = resourceArgs(aws.ec2.SecurityGroup, { ingress: [rule], tags: LB_TAGS }, { config: { allowedPublicPorts: [443, 80] } });
            await assertNoResourceViolation(securityGroupNoWorldIngress, allowed);
        });

        it("honours a configured load-balancer tag", async () => {
            const args = resourceArgs(
                aws.ec2.SecurityGroup,
                { ingress: [{ ...https, cidrBlocks: ["0.0.0.0/0"] }], tags: { tier: "edge" } },
                { config: { loadBalancerTagKey: "tier", loadBalancerTagValue: "edge" } },
            );
            await assertNoResourceViolation(securityGroupNoWorldIngress, args);
        });
    });

    describe("aws.vpc.SecurityGroupIngressRule", () => {
        const rule = (props: Record<string, any>) => resourceArgs(aws.vpc.SecurityGroupIngressRule, { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, ...props });

        it("passes ingress from a private CIDR", async () => {
            await assertNoResourceViolation(securityGroupNoWorldIngress, rule({ cidrIpv4: "10.0.0.0/8" }));
        });

        it("passes tcp 443 from the internet when the rule is tagged as a load balancer's", async () => {
            await assertNoResourceViolation(securityGroupNoWorldIngress, rule({ cidrIpv4: "0.0.0.0/0", tags: LB_TAGS }));
        });

        it("fails cidrIpv4 0.0.0.0/0 without the load-balancer tag", async () => {
            await assertResourceViolation(securityGroupNoWorldIngress, rule({ cidrIpv4: "0.0.0.0/0" }), /cidrIpv4 must not open "tcp" ports 443-443 to 0\.0\.0\.0\/0/);
        });

        it("fails cidrIpv6 ::/0 for all protocols", async () => {
            await assertResourceViolation(
                securityGroupNoWorldIngress,
                rule({ ipProtocol: "-1", fromPort: undefined, toPort: undefined, cidrIpv6: "::/0", tags: LB_TAGS }),
                /cidrIpv6 must not open all protocols and ports to ::\/0/,
            );
        });
    });

    describe("aws.ec2.SecurityGroupRule", () => {
        const rule = (props: Record<string, any>) =>
            resourceArgs(aws.ec2.SecurityGroupRule, { securityGroupId: "sg-1", type: "ingress", protocol: "tcp", fromPort: 443, toPort: 443, ...props });

        it("passes ingress from a private CIDR", async () => {
            await assertNoResourceViolation(securityGroupNoWorldIngress, rule({ cidrBlocks: ["10.0.0.0/16"] }));
        });

        it("passes world-open egress (this rule judges ingress)", async () => {
            await assertNoResourceViolation(securityGroupNoWorldIngress, rule({ type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }));
        });

        it("fails world-open ingress: a SecurityGroupRule cannot carry the load-balancer tag", async () => {
            await assertResourceViolation(securityGroupNoWorldIngress, rule({ cidrBlocks: ["0.0.0.0/0"] }), /cidrBlocks\/ipv6CidrBlocks must not open "tcp" ports 443-443 to 0\.0\.0\.0\/0: only a group tagged platform:role=load-balancer may accept internet traffic/);
        });

        it("fails world-open IPv6 ingress", async () => {
            await assertResourceViolation(securityGroupNoWorldIngress, rule({ ipv6CidrBlocks: ["::/0"] }), /to ::\/0/);
        });
    });
});
