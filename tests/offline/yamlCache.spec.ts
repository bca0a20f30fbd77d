/**
 * The stack files' parse cache (offline/stackFiles.ts): a second read of the same text comes from the cache
 * and is indistinguishable from a parse (null-prototype maps, own keys like `constructor`, lists, numbers);
 * values JSON cannot carry are never cached; a changed file is parsed again; errors are never cached.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readYamlFile, survivesJson } from "../../offline/stackFiles";

describe("stack file parse cache", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yaml-cache-"));
    const file = path.join(dir, "Pulumi.cache.yaml");
    // A unique comment keeps this test's text out of earlier runs' cache entries.
    const body = `# ${process.pid}-${Date.now()}\nconfig:\n  platform:a:\n    constructor: 1\n    list: [1, "2", true, null]\n    nested: { x: -1.5 }\n`;

    it("gives the same value, with null-prototype maps, parsed and cached", () => {
        fs.writeFileSync(file, body);
        const parsed = readYamlFile(file) as any;
        const cached = readYamlFile(file) as any;
        assert.deepStrictEqual(cached, parsed);
        for (const value of [cached, cached.config, cached.config["platform:a"], cached.config["platform:a"].nested]) {
            assert.strictEqual(Object.getPrototypeOf(value), null);
        }
        assert.strictEqual(cached.config["platform:a"].constructor, 1);
        assert.deepStrictEqual(cached.config["platform:a"].list, [1, "2", true, null]);
    });

    it("parses a changed file again", () => {
        fs.writeFileSync(file, body.replace("x: -1.5", "x: 2"));
        assert.strictEqual((readYamlFile(file) as any).config["platform:a"].nested.x, 2);
    });

    it("keeps values JSON cannot carry out of the cache", () => {
        assert.strictEqual(survivesJson({ a: [1, "x", { b: null }] }), true);
        for (const bad of [NaN, Infinity, -Infinity, -0]) {
            assert.strictEqual(survivesJson({ a: [bad] }), false, String(bad));
        }
        fs.writeFileSync(file, `# ${process.pid}-nan\nconfig:\n  platform:a: .nan\n  platform:b: -.inf\n`);
        assert.ok(Number.isNaN((readYamlFile(file) as any).config["platform:a"]));
        assert.ok(Number.isNaN((readYamlFile(file) as any).config["platform:a"]), "the second read parses again");
        assert.strictEqual((readYamlFile(file) as any).config["platform:b"], -Infinity);
    });

    it("reports a syntax error on every read (errors are not cached)", () => {
        fs.writeFileSync(file, `# ${process.pid}-bad\nconfig: [\n`);
        assert.throws(() => readYamlFile(file), /Pulumi\.cache\.yaml/);
        assert.throws(() => readYamlFile(file), /Pulumi\.cache\.yaml/);
    });
});
