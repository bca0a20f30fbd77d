/**
 * Property test of the input contract: random mutations of the real stack files (a key deleted at any depth,
 * a value's type swapped, extreme and non-integer numbers, empty/long/unicode strings, broken YAML,
 * prototype-named keys, huge lists, unknown and misspelled namespaces) run through the preview's own
 * function, in-process. For every case: exit code 0, 1 or 2; no stack trace on any stream; on exit 2 one
 * line per problem naming a key present in the mutated file (or its parent), or the file's position for
 * a syntax error; nothing registered with the monitor.
 *
 * Seeded and bounded so `npm test` stays fast. More cases locally: `FUZZ_RUNS=2000 npx mocha -g "input contract"`
 * (FUZZ_SEED picks another seed; a failure prints the seed and path to replay it).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { stringify } from "yaml";
import { formatKey } from "../../config/keys";
import type { RecordingMonitor } from "../../offline/monitor";
import { PROJECT_ROOT, readYamlFile } from "../../offline/stackFiles";
import { runPreview } from "../../scripts/preview";

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

type Path = Array<string | number>;
type Mutation = { describe: string; apply(config: Record<string, unknown>): void } | { describe: string; text(yaml: string): string };

const PROTOTYPE_NAMES = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf", "isPrototypeOf"];
const NAMESPACES = ["platfrom", "Platform", "platforms", "aws", "kubernetes", "awz", "x", "pulumi"];
const EXTREME_NUMBERS = [1e9, -1, 0, 1.5, -0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53, 1e308, -1e9];
const STRINGS = ["", " ", "x".repeat(5000), "ü🙂\u202e", "a\nb", " 10.0.0.0/16 ", "null", "0.0.0.0/0", "us-east-9", "${x}", "'quoted'", "\t"];
const VALUES: unknown[] = [null, true, 0, "text", [], {}, [1, "a"], { a: { b: null } }];

/** Every path in a value tree (object keys and list indexes), parents before children. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
    if (Array.isArray(value)) {
        return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
    }
    if (value !== null && typeof value === "object") {
        return Object.keys(value).flatMap((key) => [[...prefix, key], ...pathsOf((value as any)[key], [...prefix, key])]);
    }
    return [];
}

function parentOf(root: Record<string, unknown>, target: Path): any {
    return target.slice(0, -1).reduce<any>((node, segment) => node[segment], root);
}

function setAt(root: Record<string, unknown>, target: Path, value: unknown): void {
    Object.defineProperty(parentOf(root, target), target[target.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

/** The mutation generators; `pick` chooses among the mutated file's paths. */
function mutationArbitrary(): fc.Arbitrary<Mutation> {
    const pick = fc.nat();
    const onPath = (describe: string, change: (parent: any, key: string | number, paths: Path) => void) =>
        pick.map((n) => ({
            describe: `${describe} #${n}`,
            apply(config: Record<string, unknown>) {
                const paths = pathsOf(config);
                const target = paths[n % paths.length];
                change(parentOf(config, target), target[target.length - 1], target);
            },
        }));
    const deleteKey = onPath("delete", (parent, key) => (Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key]));
    const swapType = fc.tuple(pick, fc.constantFrom(...VALUES)).chain(([n, value]) => onPath(`swap type to ${JSON.stringify(value)}`, (parent, key) => (parent[key] = structuredClone(value))).map((m) => ({ ...m, describe: `${m.describe} ${n}` })));
    const number = fc.constantFrom(...EXTREME_NUMBERS).chain((value) => onPath(`number ${value}`, (parent, key) => (parent[key] = value)));
    const text = fc.constantFrom(...STRINGS).chain((value) => onPath(`string ${JSON.stringify(value.slice(0, 20))}`, (parent, key) => (parent[key] = value)));
    const hugeList = fc.integer({ min: 100, max: 3000 }).chain((size) =>
        onPath(`huge list of ${size}`, (parent, key) => (parent[key] = Array.from({ length: size }, () => structuredClone(Array.isArray(parent[key]) ? (parent[key][0] ?? "x") : parent[key])))),
    );
    const prototypeKey = fc.tuple(fc.constantFrom(...PROTOTYPE_NAMES), fc.boolean()).chain(([name, topLevel]) =>
        topLevel
            ? fc.constant({ describe: `top-level platform:${name}`, apply: (config: Record<string, unknown>) => setAt(config, [`platform:${name}`], 1) })
            : onPath(`nested key ${name}`, (parent, key) => {
                  if (parent[key] !== null && typeof parent[key] === "object" && !Array.isArray(parent[key])) {
                      Object.defineProperty(parent[key], name, { value: "x", enumerable: true, writable: true, configurable: true });
                  }
              }),
    );
    const namespace = fc.tuple(fc.constantFrom(...NAMESPACES), fc.constantFrom("logRetentionDays", "owner", "region", "x")).map(([ns, key]) => ({
        describe: `key ${ns}:${key}`,
        apply: (config: Record<string, unknown>) => setAt(config, [`${ns}:${key}`], "1"),
    }));
    const brokenYaml = fc.tuple(fc.nat(), fc.constantFrom<[string, (line: string) => string]>(
        ["unclosed quote", (line) => `${line} "open`],
        ["tab indentation", (line) => `\t${line}`],
        ["unresolved alias", (line) => line.replace(/: .*$/, ": *nowhere")],
        ["duplicate key", (line) => `${line}\n${line}`],
        ["truncated", () => "  - [unterminated"],
        ["flow mapping", (line) => `${line} {`],
    )).map(([n, [name, edit]]) => ({
        describe: `${name} at line #${n}`,
        text: (yaml: string) => {
            const lines = yaml.split("\n");
            const i = n % lines.length;
            lines[i] = edit(lines[i]);
            return lines.join("\n");
        },
    }));
    return fc.oneof(deleteKey, swapType, number, text, hugeList, prototypeKey, namespace, brokenYaml);
}

/** The keys of a stack config as problems name them (`platform:regions[0].name`), every depth. */
function presentKeys(config: Record<string, unknown>): Set<string> {
    const keys = new Set<string>();
    for (const fullKey of Object.keys(config)) {
        const colon = fullKey.indexOf(":");
        const namespace = fullKey.slice(0, colon);
        const top = fullKey.slice(colon + 1);
        keys.add(formatKey([top], namespace));
        for (const p of pathsOf(config[fullKey])) {
            keys.add(formatKey([top, ...p], namespace));
        }
    }
    return keys;
}

const LAST_SEGMENT = /(\.[A-Za-z_$][\w$-]*|\[\d+\]|\["(?:[^"\\]|\\.)*(?:\.\.\.)?"\])$/;

/** A problem may name a present key, a child of one (a missing key in a present parent), or a top-level key. */
function namesPresentKey(key: string, present: Set<string>): boolean {
    if (present.has(key)) {
        return true;
    }
    const parent = key.replace(LAST_SEGMENT, "");
    return parent === key || parent.endsWith(":") || present.has(parent) || !/[.[]/.test(key.slice(key.indexOf(":") + 1));
}

describe("input contract (property test: mutated stack files)", function () {
    this.timeout(Math.max(60000, RUNS * 5000));
    let root: string;
    const stacks = ["dev", "staging", "prod"] as const;
    const originals = new Map<string, { config: Record<string, unknown>; rest: Record<string, unknown> }>();

    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "platform-fuzz-"));
        fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
        // The program and the pack are the repository's (symlinks resolve to it), the stack files mutated copies.
        for (const entry of ["index.ts", "policy", "package.json"]) {
            fs.symlinkSync(path.join(PROJECT_ROOT, entry), path.join(root, entry));
        }
        for (const stack of stacks) {
            const doc = readYamlFile(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`)) as Record<string, any>;
            originals.set(stack, { config: doc.config, rest: { ...doc, config: undefined } });
        }
    });

    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it(`holds for ${RUNS} seeded mutations (FUZZ_RUNS for more)`, async () => {
        await fc.assert(
            fc.asyncProperty(fc.constantFrom(...stacks), fc.array(mutationArbitrary(), { minLength: 1, maxLength: 3 }), async (stack, mutations) => {
                const original = originals.get(stack)!;
                const config = structuredClone({ ...original.config });
                let text: string | undefined;
                for (const mutation of mutations) {
                    if ("apply" in mutation) {
                        mutation.apply(config);
                    }
                }
                text = stringify({ ...original.rest, config }, { aliasDuplicateObjects: false, lineWidth: 0 });
                for (const mutation of mutations) {
                    if ("text" in mutation) {
                        text = mutation.text(text);
                    }
                }
                fs.writeFileSync(path.join(root, `Pulumi.${stack}.yaml`), text);

                const out: string[] = [];
                const err: string[] = [];
                let monitor: RecordingMonitor | undefined;
                const code = await runPreview([stack, "--root", root, "--quiet"], { out: (l) => out.push(l), err: (l) => err.push(l) }, { onMonitor: (m) => (monitor = m) });
                const context = `${mutations.map((m) => m.describe).join(", ")} on ${stack}: exit ${code}\n${err.join("\n").slice(0, 2000)}`;

                if (process.env.FUZZ_VERBOSE) {
                    console.log(context.split("\n").slice(0, 2).join(" | "));
                }
                assert.ok([0, 1, 2].includes(code), context);
                for (const line of [...out, ...err]) {
                    assert.ok(!/^\s+at .+:\d+:\d+\)?$/m.test(line), `stack trace: ${context}`);
                }
                if (code !== 2) {
                    return;
                }
                assert.strictEqual(monitor?.registrations.length ?? 0, 0, `registered resources: ${context}`);
                assert.ok(err.length > 0, context);
                const present = presentKeys(config);
                const stackFile = `Pulumi.${stack}.yaml`;
                for (const line of err) {
                    assert.ok(!line.includes("\n") && line.length < 1000, `not one short line: ${context}`);
                    if (/^preview: \S*Pulumi\.\w+\.yaml:\d+:\d+: /.test(line) || line.startsWith(`preview: ${path.join(root, stackFile)}`)) {
                        continue; // a syntax or file error: named by the file's position, not a key
                    }
                    if (line === `preview: ${stackFile}: ... and ${/\d+/.exec(line)?.[0]} more problems`) {
                        continue;
                    }
                    const match = /^preview: Pulumi\.\w+\.yaml: (.+?): /.exec(line);
                    assert.ok(match, `not a problem line: ${line}\n${context}`);
                    assert.ok(namesPresentKey(match[1], present), `names ${match[1]}, not in the mutated file: ${context}`);
                }
            }),
            { seed: SEED, numRuns: RUNS, endOnFailure: true },
        );
    });
});
