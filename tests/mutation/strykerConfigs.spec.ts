/**
 * The mutation-testing configs (stryker/<area>.conf.js, run by `npm run mutate`) are too slow for CI, so this
 * checks they still load and point at real code: every mutate pattern and spec glob matches files, every
 * area has a break threshold, every policy family has an area that mutates its rule logic but not its metadata, and
 * the shared policy helpers (policy/lib/) are mutated except the files the policy-lib config names as holding no logic.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const CONFIG_DIR = path.join(ROOT, "stryker");

function filesUnder(dir: string): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const relative = `${dir}/${entry.name}`;
        return entry.isDirectory() ? filesUnder(relative) : [relative];
    });
}
const PROJECT_FILES = ["lib", "config", "policy", "tests"].flatMap(filesUnder).filter((f) => !f.includes("/node_modules/"));

// The subset of glob syntax the configs use: a "**" segment for any directories, "*" within one name.
function globToRegExp(glob: string): RegExp {
    const source = glob
        .split("**/")
        .map((segment) => segment.replace(/[.+^$()|[\]\\{}]/g, "\\$&").replace(/\*/g, "[^/]*"))
        .join("(?:.*/)?");
    return new RegExp(`^${source}$`);
}
const matching = (glob: string) => PROJECT_FILES.filter((f) => globToRegExp(glob).test(f));
const RANGE = /^(.*):(\d+)-(\d+)$/;

const areas = fs
    .readdirSync(CONFIG_DIR)
    .filter((f) => f.endsWith(".conf.js"))
    .map((f) => ({ area: f.slice(0, -".conf.js".length), config: require(path.join(CONFIG_DIR, f)) }));

describe("mutation testing configs", () => {
    it("has the lib, config, policy-lib and one policy area per rule family", () => {
        const families = fs.readdirSync(path.join(ROOT, "policy", "rules"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `policy-${e.name}`);
        assert.deepStrictEqual(areas.map((a) => a.area).sort(), ["config", "lib", "policy-lib", ...families].sort());
    });

    it("mutates every shared policy helper but the few it names as holding no rule logic", () => {
        const patterns: string[] = areas.find((a) => a.area === "policy-lib")!.config.mutate;
        const excluded = patterns.filter((p) => p.startsWith("!")).map((p) => p.slice(1));
        const included = patterns.filter((p) => !p.startsWith("!")).flatMap(matching).filter((f) => !excluded.includes(f));
        const helpers = filesUnder("policy/lib").filter((f) => f.endsWith(".ts"));
        for (const file of excluded) {
            assert.ok(helpers.includes(file), `${file} is excluded but does not exist`);
        }
        for (const file of helpers) {
            assert.ok(included.includes(file) || excluded.includes(file), `${file}: neither mutated nor named as excluded`);
        }
        assert.ok(included.includes("policy/lib/drObjectives.ts"));
    });

    for (const { area, config } of areas) {
        describe(area, () => {
            it("runs the project's mocha config with per-test coverage, in a git-ignored sandbox", () => {
                assert.strictEqual(config.testRunner, "mocha");
                assert.strictEqual(config.mochaOptions.config, ".mocharc.json");
                assert.strictEqual(config.coverageAnalysis, "perTest");
                assert.strictEqual(config.symlinkNodeModules, false);
                assert.match(fs.readFileSync(path.join(ROOT, ".gitignore"), "utf8"), new RegExp(`^${config.tempDirName.replace(".", "\\.")}/$`, "m"));
            });

            it("has a break threshold", () => {
                assert.strictEqual(typeof config.thresholds.break, "number");
                assert.ok(config.thresholds.break > 0 && config.thresholds.break <= config.thresholds.high);
            });

            it("mutates files that exist, within their lines", () => {
                assert.ok(config.mutate.length > 0);
                for (const pattern of (config.mutate as string[]).map((p) => p.replace(/^!/, ""))) {
                    const range = RANGE.exec(pattern);
                    const files = matching(range ? range[1] : pattern);
                    assert.ok(files.length > 0, `${pattern} matches no file`);
                    if (range) {
                        const lines = fs.readFileSync(path.join(ROOT, range[1]), "utf8").split("\n").length;
                        assert.ok(Number(range[2]) <= Number(range[3]) && Number(range[3]) <= lines, `${pattern} is outside the file's ${lines} lines`);
                    }
                }
            });

            it("runs specs that exist", () => {
                for (const glob of config.mochaOptions.spec as string[]) {
                    assert.ok(matching(glob).some((f) => f.endsWith(".spec.ts")), `${glob} matches no spec`);
                }
            });

            if (area.startsWith("policy-") && fs.existsSync(path.join(ROOT, "policy", "rules", area.slice("policy-".length)))) {
                it("mutates every rule's logic and none of its metadata", () => {
                    const dir = `policy/rules/${area.slice("policy-".length)}`;
                    const ruleFiles = fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith(".ts") && f !== "index.ts");
                    for (const file of ruleFiles) {
                        const lines = fs.readFileSync(path.join(ROOT, dir, file), "utf8").split("\n");
                        const covered = (line: number) =>
                            (config.mutate as string[]).some((p) => {
                                const m = RANGE.exec(p);
                                return m !== null && m[1] === `${dir}/${file}` && Number(m[2]) <= line && line <= Number(m[3]);
                            });
                        const logic = lines.findIndex((l) => /^\s*validate(Resource|Stack)[:,]/.test(l)) + 1;
                        const name = lines.findIndex((l) => /^\s*name: "/.test(l)) + 1;
                        assert.ok(logic > 0 && covered(logic), `${file}: validate function not mutated`);
                        assert.ok(name > 0 && !covered(name), `${file}: rule name mutated`);
                    }
                });
            }
        });
    }
});
