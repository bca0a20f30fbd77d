import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";

/**
 * An image nobody scanned can ship known vulnerabilities. The platform's repositories keep ECR's scan on push on
 * even where the registry uses enhanced (Inspector) scanning, which then takes over; turning enhanced scanning
 * off later cannot leave a repository unscanned.
 */
export const ecrRepositoryScanOnPush: PlatformResourcePolicy = {
    name: "ecr-repository-scan-on-push",
    description: "ECR repositories must scan images on push (imageScanningConfiguration.scanOnPush true).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "exposure",
    anchors: ["CKV_AWS_163", "AVD-AWS-0030", "FSBP ECR.1", "ecr_repositories_scan_images_on_push_enabled"],
    remediationSteps: "Set `imageScanningConfiguration: { scanOnPush: true }` on the aws.ecr.Repository (platform:delivery.registry.scanning chooses basic or enhanced on top).",
    validateResource: validateResourceOfType(aws.ecr.Repository, (repository, _args, reportViolation) => {
        const scanning = Object.getOwnPropertyDescriptor(repository, "imageScanningConfiguration")?.value;
        const scanOnPush = scanning === undefined || scanning === null ? undefined : Object.getOwnPropertyDescriptor(scanning, "scanOnPush")?.value;
        if (scanOnPush !== true) {
            reportViolation(`imageScanningConfiguration.scanOnPush must be true (found: ${found(scanning)})`);
        }
    }),
};
