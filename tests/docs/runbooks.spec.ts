/**
 * The runbooks in docs/runbooks stay true to the code: each has every section and a parseable steps table,
 * every `pulumi config set --path` key exists in the config schema (and the stack file still validates with
 * the change applied), every URN and every physical name handed to an AWS or Atlas CLI flag exists in prod's
 * synthesis, and the regional failover fits in 60 minutes.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { validateConfig } from "../../config";
import { platformConfigShape } from "../../config/schema";
import { PROJECT_ROOT } from "../../offline/stackFiles";
import { stackConfig } from "../support/config";
import { synthesizeStack } from "../support/synthesis";

const RUNBOOK_DIR = path.join(PROJECT_ROOT, "docs", "runbooks");
const RUNBOOKS = ["regional-failover", "postgres-promote-replica", "postgres-point-in-time-restore", "s3-restore-objects", "atlas-restore", "redis-auth-token-rotation"];
const SECTIONS = ["When to use", "Resources", "Steps", "Verify", "Not automated yet"];
const FAILOVER_BUDGET_MINUTES = 60;

export interface Step {
    step: string;
    minutes: number;
    command: string;
}

/** Cells of a Markdown table row; `\|` inside a cell is a literal pipe. */
export function cells(row: string): string[] {
    const inner = row.trim().replace(/^\|/, "").replace(/\|$/, "");
    return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}

/** Every row of every `| step | minutes | command |` table in a runbook. */
export function stepsOf(markdown: string): Step[] {
    const lines = markdown.split("\n");
    const steps: Step[] = [];
    for (let i = 0; i < lines.length; i++) {
        const header = cells(lines[i]);
        if (lines[i].trim().startsWith("|") && header.join(",") === "step,minutes,command") {
            for (let j = i + 2; j < lines.length && lines[j].trim().startsWith("|"); j++) {
                const [step, minutes, command, ...rest] = cells(lines[j]);
                assert.deepStrictEqual(rest, [], `row with more than three cells: ${lines[j]}`);
                assert.match(minutes, /^\d+$/, `minutes must be a whole number: ${lines[j]}`);
                steps.push({ step, minutes: Number(minutes), command });
            }
        }
    }
    return steps;
}

/** The text of each inline code span (commands are written as `code`). */
function codeSpans(text: string): string[] {
    return [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\\\|/g, "|"));
}

/** `platform:cdn.servingRegions["api"]` -> ["cdn", "servingRegions", "api"]. */
export function configPath(key: string): string[] {
    assert.ok(key.startsWith("platform:"), `${key}: only platform: keys are the platform's config`);
    const segments: string[] = [];
    for (const m of key.slice("platform:".length).matchAll(/([^.[\]]+)|\["([^"]+)"\]|\[(\d+)\]/g)) {
        segments.push(m[1] ?? m[2] ?? m[3]);
    }
    return segments;
}

/** Whether `segments` name a key the schema accepts (records take keys their key schema accepts, arrays indices). */
export function schemaHasPath(segments: string[]): boolean {
    let schema: z.ZodType | undefined = (platformConfigShape as Record<string, z.ZodType>)[segments[0]];
    for (const segment of segments.slice(1)) {
        schema = schema && unwrap(schema);
        const def: any = (schema as any)?._zod.def;
        if (def?.type === "object") {
            schema = def.shape[segment];
        } else if (def?.type === "record") {
            schema = def.keyType.safeParse(segment).success ? def.valueType : undefined;
        } else if (def?.type === "array") {
            schema = /^\d+$/.test(segment) ? def.element : undefined;
        } else {
            return false;
        }
    }
    return schema !== undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
    let current: any = schema;
    while (["optional", "default", "prefault", "nullable", "pipe", "readonly"].includes(current._zod.def.type)) {
        current = current._zod.def.type === "pipe" ? current._zod.def.in : current._zod.def.innerType;
    }
    return current;
}

/** Each `pulumi config set --path '<key>' <value>` of the commands. */
export function configSets(commands: string[]): Array<{ key: string; value: string }> {
    return commands.flatMap((c) => [...c.matchAll(/pulumi config set\b[^']*--path '([^']+)' (\S+)/g)].map((m) => ({ key: m[1], value: m[2] })));
}

/** Flags whose value names an existing resource, and flags that create a name the runbook then uses. */
const NAME_FLAGS = [
    "--db-instance-identifier",
    "--source-db-instance-identifier",
    "--replication-group-id",
    "--primary-replication-group-id",
    "--global-replication-group-id",
    "--bucket",
    "--secret-id",
    "--clusterName",
];
const NEW_NAME_FLAGS = ["--target-db-instance-identifier", "--final-db-snapshot-identifier"];

function flagValues(command: string, flags: string[]): string[] {
    return flags.flatMap((flag) => [...command.matchAll(new RegExp(`${flag}[ =]'?([^\\s']+)`, "g"))].map((m) => m[1]));
}

/** `aws eks ... --name X` and `s3://bucket/...` name resources too. */
function otherNames(command: string): string[] {
    const eks = /\baws eks\b/.test(command) ? [...command.matchAll(/--name ([^\s]+)/g)].map((m) => m[1]) : [];
    const s3 = [...command.matchAll(/s3:\/\/([^/\s]+)/g)].map((m) => m[1]);
    return [...eks, ...s3];
}

const isPlaceholder = (value: string) => /^[<$]/.test(value);

function read(name: string): string {
    return fs.readFileSync(path.join(RUNBOOK_DIR, `${name}.md`), "utf8");
}

describe("runbooks", () => {
    it("are listed in docs/runbooks/README.md and linked from README.md", () => {
        const index = fs.readFileSync(path.join(RUNBOOK_DIR, "README.md"), "utf8");
        const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
        assert.ok(readme.includes("docs/runbooks/"), "README.md does not link docs/runbooks/");
        for (const name of RUNBOOKS) {
            assert.ok(index.includes(`(${name}.md)`), `${name} missing from docs/runbooks/README.md`);
        }
    });

    for (const name of RUNBOOKS) {
        describe(name, () => {
            it("has every section and a steps table with minutes and a command per step", () => {
                const text = read(name);
                for (const section of SECTIONS) {
                    assert.ok(new RegExp(`^## ${section}$`, "m").test(text), `${name}: missing section "## ${section}"`);
                }
                const steps = stepsOf(text);
                assert.ok(steps.length >= 3, `${name}: expected at least 3 steps, found ${steps.length}`);
                for (const s of steps) {
                    assert.ok(s.minutes > 0, `${name}: step "${s.step}" has no duration`);
                    assert.ok(codeSpans(s.command).length > 0, `${name}: step "${s.step}" has no command`);
                }
            });

            it("sets only config keys the schema has, and values the prod stack accepts", () => {
                const commands = stepsOf(read(name)).flatMap((s) => codeSpans(s.command));
                for (const { key, value } of configSets(commands)) {
                    const segments = configPath(key);
                    assert.ok(schemaHasPath(segments), `${name}: ${key} is not a key of the config schema`);
                    const raw = stackConfig("prod");
                    let target = raw;
                    for (const segment of segments.slice(0, -1)) {
                        target = target[segment] ??= {};
                    }
                    target[segments[segments.length - 1]] = value;
                    assert.doesNotThrow(() => validateConfig(raw), `${name}: prod does not validate with ${key}=${value}`);
                }
            });

            it("cites only URNs and physical names that prod's synthesis has", async () => {
                const prod = await synthesizeStack("prod");
                const urns = new Set(prod.resources.map((r) => r.urn));
                const physical = new Set(
                    prod.resources.flatMap((r) => ["identifier", "bucket", "replicationGroupId", "name"].map((k) => r.inputs[k]).filter((v): v is string => typeof v === "string")),
                );
                // A global datastore's id is AWS's (region prefix + suffix): the mock answers it as an output.
                prod.resources.forEach((r) => typeof r.outputs?.globalReplicationGroupId === "string" && physical.add(r.outputs.globalReplicationGroupId));
                const text = read(name);
                for (const urn of text.match(/urn:pulumi:[^\s`'"]+/g) ?? []) {
                    assert.ok(urns.has(urn), `${name}: ${urn} is not in prod's synthesis`);
                }
                const commands = codeSpans(text);
                const created = new Set(commands.flatMap((c) => flagValues(c, NEW_NAME_FLAGS)));
                for (const value of commands.flatMap((c) => [...flagValues(c, NAME_FLAGS), ...otherNames(c)])) {
                    if (!isPlaceholder(value)) {
                        assert.ok(physical.has(value) || created.has(value), `${name}: ${value} is neither created by prod's synthesis nor by the runbook`);
                    }
                }
            });
        });
    }

    it(`fails over a region in at most ${FAILOVER_BUDGET_MINUTES} minutes`, () => {
        const total = stepsOf(read("regional-failover")).reduce((sum, s) => sum + s.minutes, 0);
        assert.ok(total <= FAILOVER_BUDGET_MINUTES, `regional failover steps add up to ${total} minutes`);
    });

    it("moves the edge off us-east-1 by disabling its load balancing pool, which prod has", () => {
        assert.ok(stackConfig("prod").cdn.loadBalancing, "prod has no cdn.loadBalancing: the runbook's edge step needs rewriting");
        const sets = configSets(stepsOf(read("regional-failover")).flatMap((s) => codeSpans(s.command)));
        assert.ok(sets.some((s) => configPath(s.key).join(".") === "cdn.loadBalancing.disabledRegions.0" && s.value === "us-east-1"), JSON.stringify(sets));
    });
});

describe("runbook parsing", () => {
    it("reads escaped pipes as part of a cell, and refuses a non-numeric duration", () => {
        assert.deepStrictEqual(cells("| a | 2 | `x \\| y` |"), ["a", "2", "`x | y`"]);
        assert.throws(() => stepsOf("| step | minutes | command |\n|---|---|---|\n| a | soon | `x` |"), /whole number/);
    });

    it("knows schema keys from typos", () => {
        assert.ok(schemaHasPath(configPath('platform:cdn.servingRegions["api"]')));
        assert.ok(schemaHasPath(configPath("platform:cdn.loadBalancing.disabledRegions[0]")));
        assert.ok(schemaHasPath(configPath("platform:postgres.crossRegionReplica")));
        assert.ok(!schemaHasPath(configPath("platform:cdn.originHostnames")));
        assert.ok(!schemaHasPath(configPath("platform:postgres.crossRegionReplicas")));
    });
});
