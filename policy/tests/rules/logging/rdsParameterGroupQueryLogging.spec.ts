import * as aws from "@pulumi/aws";
import { rdsParameterGroupQueryLogging as policy } from "../../../rules/logging/rdsParameterGroupQueryLogging";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const PG = aws.rds.ParameterGroup;
const logStatement = { name: "log_statement", value: "ddl" };
const logMinDuration = { name: "log_min_duration_statement", value: "1000" };

describe("rds-parameter-group-query-logging", () => {
    it("passes log_statement and log_min_duration_statement", async () => {
        await assertNoResourceViolation(policy, resourceArgs(PG, { family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "1" }, logStatement, logMinDuration] }));
    });

    it("does not apply to non-PostgreSQL families", async () => {
        await assertNoResourceViolation(policy, resourceArgs(PG, { family: "mysql8.0", parameters: [] }));
    });

    it("fails log_statement none", async () => {
        await assertResourceViolation(policy, resourceArgs(PG, { family: "postgres16", parameters: [{ name: "log_statement", value: "none" }, logMinDuration] }), /parameters must set log_statement to ddl, mod or all \(found: "none"\)/);
    });

    it("fails log_statement left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(PG, { family: "postgres16", parameters: [logMinDuration] }), /parameters must set log_statement to ddl, mod or all \(found: undefined\)/);
    });

    it("fails log_min_duration_statement -1", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(PG, { family: "postgres16", parameters: [logStatement, { name: "log_min_duration_statement", value: "-1" }] }),
            /parameters must set log_min_duration_statement to a threshold in milliseconds, not -1 \(found: "-1"\)/,
        );
    });

    it("fails log_min_duration_statement left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(PG, { family: "postgres16", parameters: [logStatement] }), /log_min_duration_statement .* \(found: undefined\)/);
    });

    it("fails parameters left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(PG, { family: "postgres16" }), /log_statement to ddl, mod or all \(found: undefined\)/);
    });
});
