/**
 * launch-template-imdsv2: node launch templates must require IMDSv2 session tokens (blocks SSRF
 * credential theft) with a hop limit of 1 (pods cannot reach the node role, so they use IRSA).
 * Both are checked explicitly: when unset, the effective value comes from the AMI and account
 * defaults, and AMIs registered for IMDSv2 (e.g. EKS AL2023) default the hop limit to 2.
 * Turning the metadata endpoint off entirely is allowed only with a recorded reason (a tag), since
 * EKS nodes normally need it to bootstrap.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, mustBe } from "../../lib/validate";

interface Config {
    imdsDisabledReasonTag: string;
}

export const launchTemplateImdsv2: PlatformResourcePolicy = {
    name: "launch-template-imdsv2",
    description:
        'Launch templates must set metadataOptions.httpTokens "required" and httpPutResponseHopLimit 1; httpEndpoint "disabled" needs a reason tag.',
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "identity",
    anchors: ["CKV_AWS_79", "CKV_AWS_341", "AVD-AWS-0130", "FSBP EC2.8", "FSBP EC2.170"],
    remediationSteps:
        'Set `metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 }` on the aws.ec2.LaunchTemplate. To disable IMDS instead, tag the template with the reason (policy config `imdsDisabledReasonTag`).',
    configSchema: {
        properties: {
            imdsDisabledReasonTag: {
                type: "string",
                default: "platform:imds-disabled-reason",
                description: 'Tag whose non-empty value records why a template sets httpEndpoint "disabled".',
            },
        },
    },
    validateResource: validateResourceOfType(aws.ec2.LaunchTemplate, (template, args, reportViolation) => {
        const options = template.metadataOptions ?? {};
        if (options.httpEndpoint === "disabled") {
            const { imdsDisabledReasonTag } = args.getConfig<Config>();
            const reason = template.tags?.[imdsDisabledReasonTag];
            if (typeof reason !== "string" || reason.trim().length === 0) {
                reportViolation(
                    `metadataOptions.httpEndpoint is "disabled" without a reason: tag ${imdsDisabledReasonTag} must explain it (found: ${found(reason)})`,
                );
            }
            return; // no metadata endpoint, no tokens to steal
        }
        if (options.httpTokens !== "required") {
            reportViolation(mustBe("metadataOptions.httpTokens", '"required"', options.httpTokens));
        }
        if (options.httpPutResponseHopLimit !== 1) {
            reportViolation(mustBe("metadataOptions.httpPutResponseHopLimit", "1", options.httpPutResponseHopLimit));
        }
    }),
};
