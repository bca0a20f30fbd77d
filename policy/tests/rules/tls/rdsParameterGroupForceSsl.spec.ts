import * as aws from "@pulumi/aws";
import { rdsParameterGroupForceSsl as policy } from "../../../rules/tls/rdsParameterGroupForceSsl";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const PG = aws.rds.ParameterGroup;

function group(parameters: unknown, family = "postgres16") {
    return { family, parameters };
}

describe("rds-parameter-group-force-ssl", () => {
    it("passes rds.force_ssl = 1", async () => {
        await assertNoResourceViolation(policy, resourceArgs(PG, group([{ name: "log_min_duration_statement", value: "500" }, { name: "rds.force_ssl", value: "1" }])));
    });

    it("does not apply to non-PostgreSQL families", async () => {
        await assertNoResourceViolation(policy, resourceArgs(PG, group([], "mysql8.0")));
    });

    it("fails rds.force_ssl = 0", async () => {
        await assertResourceViolation(policy, resourceArgs(PG, group([{ name: "rds.force_ssl", value: "0" }])), /parameters must set rds\.force_ssl to "1" \(found: "0"\)/);
    });

    it("fails rds.force_ssl missing from parameters", async () => {
        await assertResourceViolation(policy, resourceArgs(PG, group([{ name: "log_connections", value: "1" }])), /parameters must set rds\.force_ssl to "1" \(found: undefined\)/);
    });

    it("fails parameters left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(PG, group(undefined)), /parameters must set rds\.force_ssl to "1" \(found: undefined\)/);
    });
});
