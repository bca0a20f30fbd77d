/**
 * stack-restore-testing: a backup nobody has restored is a hope, not a recovery plan. With `required` (prod)
 * the stack must run restore drills: an AWS Backup RestoreTestingPlan with at least one
 * RestoreTestingSelection whose restoreTestingPlanName is that plan. A plan without a selection tests nothing.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { describeResource } from "./lib/describe";

const PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";

interface Config {
    required: boolean;
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    const plans = args.resources.filter((r) => r.type === PLAN);
    for (const plan of plans) {
        if (companionsOf(plan, args.resources, [SELECTION], "restoreTestingPlanName", "name").length === 0) {
            reportViolation(`${describeResource(plan)} must have a ${SELECTION} whose restoreTestingPlanName is this plan (found: none)`, plan.urn);
        }
    }
    if (args.getConfig<Config>().required && plans.length === 0) {
        reportViolation(`the stack must have a ${PLAN} with a ${SELECTION} (found: no restore testing plan)`);
    }
};

export const stackRestoreTesting: PlatformStackPolicy = {
    name: "stack-restore-testing",
    description: "Every AWS Backup RestoreTestingPlan must have a RestoreTestingSelection; with `required`, the stack must have such a plan.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Configure `platform:backup.restoreTesting` (schedule, selection and validation windows): the platform then declares the plan and a selection per backed-up resource type.",
    configSchema: {
        properties: {
            required: { type: "boolean", default: false, description: "Whether the stack must have a restore testing plan with a selection." },
        },
    },
    validateStack,
};
