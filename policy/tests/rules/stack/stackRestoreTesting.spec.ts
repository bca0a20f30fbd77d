import { stackRestoreTesting as policy } from "../../../rules/stack/stackRestoreTesting";
import { assertNoStackViolation, assertStackViolation, stackArgs } from "../../helpers";

const PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
const plan = { type: PLAN, name: "drill", props: { name: "platform_prod_use1_drill", scheduleExpression: "cron(0 6 ? * SAT *)" } };
const selection = {
    type: SELECTION,
    name: "rds",
    props: { restoreTestingPlanName: "platform_prod_use1_drill", protectedResourceType: "RDS", validationWindowHours: 24 },
    propertyDependencies: { restoreTestingPlanName: ["drill"] },
};
const REQUIRED = { config: { required: true } };

describe("stack-restore-testing", () => {
    it("passes a plan with a selection when required", async () => {
        await assertNoStackViolation(policy, stackArgs([plan, selection], REQUIRED));
    });

    it("passes a stack without restore testing when not required (the default)", async () => {
        await assertNoStackViolation(policy, stackArgs([]));
    });

    it("fails a stack without restore testing when required", async () => {
        await assertStackViolation(policy, stackArgs([], REQUIRED), /the stack must have a .*RestoreTestingPlan with a .*RestoreTestingSelection \(found: no restore testing plan\)/);
    });

    it("fails a plan without a selection, required or not", async () => {
        await assertStackViolation(policy, stackArgs([plan]), /RestoreTestingPlan "drill" must have a .*RestoreTestingSelection whose restoreTestingPlanName is this plan \(found: none\)/);
        await assertStackViolation(policy, stackArgs([plan], REQUIRED), /found: none/);
    });

    it("fails a plan whose only selection names another plan", async () => {
        const elsewhere = { ...selection, props: { ...selection.props, restoreTestingPlanName: "other" }, propertyDependencies: {} };
        await assertStackViolation(policy, stackArgs([plan, elsewhere], REQUIRED), /found: none/);
    });
});
