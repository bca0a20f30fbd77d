/**
 * The one input path of the offline preview: reads Pulumi.yaml, Pulumi.<stack>.yaml and
 * policy/config.<stack>.json the way the Pulumi CLI does for this program (project-level config defaults
 * first, then the stack's values). Every problem with these files (missing, not a file, a YAML or JSON
 * syntax error) is an InputError: one line, with `file:line:col` for syntax errors. Only fs and path are
 * loaded up front (yaml on the first parse), so the preview refuses bad input before the SDK and the program
 * are loaded, and a usage error or unknown stack before anything else is.
 */
import * as fs from "fs";
import * as path from "path";
import type * as Yaml from "yaml";
import type { ConfigProblem } from "../config/validate";
import { formatFullKey } from "../config/keys";
import { editDistance } from "../lib/text";

export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** A problem with the files the preview reads, reported as one line (exit 2). */
export class InputError extends Error {
    constructor(message: string) {
        super(message.replace(/[\r\n]+/g, " "));
        this.name = "InputError";
    }
}

export class UnknownStackError extends InputError {
    constructor(readonly stack: string, readonly available: string[]) {
        super(`unknown stack ${JSON.stringify(stack)}: no Pulumi.${stack.length > 60 ? "..." : stack}.yaml (available: ${available.join(", ") || "none"})`);
        this.name = "UnknownStackError";
    }
}

export interface ProjectFile {
    name: string;
    config: Record<string, any>;
}

export interface StackFiles {
    project: string;
    stack: string;
    /** The stack file's path. */
    file: string;
    /** The runtime config map, defaults applied (`namespace:key` -> string, structured values as JSON). */
    config: Record<string, string>;
    /** The same keys with the values' YAML types kept (a YAML null stays null, not the text "null"). */
    values: Record<string, unknown>;
    /** Keys whose stack values are `secure:` ciphertexts (never decrypted offline). */
    secretKeys: string[];
    /** Stack-file keys in a namespace that is neither the project's nor a known provider's. */
    problems: ConfigProblem[];
    /** The stack file's secrets settings, as the CLI's secrets manager reads them. */
    secrets: { secretsprovider?: unknown; encryptedkey?: unknown };
}

/** Shown relative to the working directory when that is shorter: error lines stay readable. */
function display(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative && !relative.startsWith("..") && relative.length < file.length ? relative : file;
}

function statOf(file: string): fs.Stats | undefined {
    try {
        return fs.statSync(file);
    } catch {
        return undefined;
    }
}

function readText(file: string): string {
    const stat = statOf(file);
    if (!stat) {
        throw new InputError(`${display(file)}: no such file`);
    }
    if (!stat.isFile()) {
        throw new InputError(`${display(file)}: not a regular file`);
    }
    try {
        return fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new InputError(`${display(file)}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
}

/** Copies YAML data into plain JSON-like values (null-prototype objects), refusing what config cannot hold. */
function plain(value: unknown, where: string, seen: Set<unknown>): unknown {
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        return value;
    }
    if (seen.has(value)) {
        throw new InputError(`${where}: a YAML alias refers to its own value (circular)`);
    }
    if (Array.isArray(value)) {
        seen.add(value);
        const copy = value.map((item, i) => plain(item, `${where}[${i}]`, seen));
        seen.delete(value);
        return copy;
    }
    if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        seen.add(value);
        const copy: Record<string, unknown> = Object.create(null);
        for (const key of Object.keys(value)) {
            copy[key] = plain((value as Record<string, unknown>)[key], `${where}.${key}`, seen);
        }
        seen.delete(value);
        return copy;
    }
    throw new InputError(`${where}: unsupported YAML value (${value instanceof Uint8Array ? "binary" : typeof value}); expected a string, number, boolean, list or map`);
}

/**
 * The parsed value of YAML text seen before, from a content-addressed cache beside the transpile cache:
 * parsing the stack files with positions for error messages is ~90 ms of every preview, and the files rarely
 * change between runs. Only values that survive JSON are cached (no NaN, Infinity or -0), maps come back with
 * a null prototype as `plain` builds them, and a missing or unreadable cache just means parsing again.
 */
const YAML_CACHE_DIR = path.join(PROJECT_ROOT, "node_modules", ".cache", "platform-yaml");
const YAML_CACHE_FORMAT = "1";

function yamlCacheFile(file: string, text: string): string {
    const { createHash } = require("crypto") as typeof import("crypto");
    const version = (require("yaml/package.json") as { version: string }).version;
    const key = createHash("sha1").update(`${YAML_CACHE_FORMAT}:${version}:${display(file)}\0`).update(text).digest("hex");
    return path.join(YAML_CACHE_DIR, `${key}.json`);
}

function withNullPrototypes(_key: string, value: unknown): unknown {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return value;
    }
    const copy: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value)) {
        copy[key] = (value as Record<string, unknown>)[key];
    }
    return copy;
}

/** True when JSON.stringify/parse gives `value` back unchanged (JSON has no NaN, Infinity or -0). */
export function survivesJson(value: unknown): boolean {
    if (typeof value === "number") {
        return Number.isFinite(value) && !Object.is(value, -0);
    }
    if (value === null || typeof value !== "object") {
        return true;
    }
    return Object.values(value).every(survivesJson);
}

function readYamlCache(cacheFile: string): unknown {
    try {
        return JSON.parse(fs.readFileSync(cacheFile, "utf8"), withNullPrototypes);
    } catch {
        return undefined;
    }
}

function writeYamlCache(cacheFile: string, value: unknown): void {
    if (!survivesJson(value)) {
        return;
    }
    try {
        fs.mkdirSync(YAML_CACHE_DIR, { recursive: true });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, JSON.stringify(value));
        fs.renameSync(temporary, cacheFile); // atomic: concurrent runs never read half a file
    } catch {
        // read-only tree: parse every time, still correct
    }
}

/** Parses a YAML file; syntax errors (and tags or aliases the CLI could not resolve) as `file:line:col: message`. */
export function readYamlFile(file: string): unknown {
    const text = readText(file);
    const cacheFile = yamlCacheFile(file, text);
    const cached = readYamlCache(cacheFile);
    if (cached !== undefined) {
        return cached;
    }
    const value = parseYamlText(file, text);
    writeYamlCache(cacheFile, value);
    return value;
}

function parseYamlText(file: string, text: string): unknown {
    const { LineCounter, parseDocument, visit, isAlias } = require("yaml") as typeof Yaml;
    const lines = new LineCounter();
    let doc: Yaml.Document.Parsed;
    try {
        doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    } catch (error) {
        // The parser recurses per nesting level: an unclosed flow collection over thousands of lines overflows it.
        throw new InputError(`${display(file)}: cannot be parsed as YAML (${(error as Error).message}); look for an unclosed [ or {`);
    }
    const at = (offset: number) => {
        const { line, col } = lines.linePos(offset);
        return `${display(file)}:${line}:${col}`;
    };
    const first = doc.errors[0] ?? doc.warnings[0];
    if (first) {
        throw new InputError(`${at(first.pos[0])}: ${first.message.split("\n")[0]}`);
    }
    visit(doc, {
        Alias(_, node) {
            if (isAlias(node) && !node.resolve(doc)) {
                throw new InputError(`${at(node.range?.[0] ?? 0)}: unresolved alias *${node.source} (no anchor &${node.source} before it)`);
            }
        },
    });
    let value: unknown;
    try {
        value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
        throw new InputError(`${display(file)}: ${(error as Error).message.split("\n")[0]}`);
    }
    return plain(value, display(file), new Set());
}

/** Parses a JSON file; syntax errors as `file:line:col: message`. */
export function readJsonFile(file: string): unknown {
    const text = readText(file);
    try {
        return JSON.parse(text);
    } catch (error) {
        const message = (error as Error).message;
        const position = /position (\d+)/.exec(message);
        let where = display(file);
        if (position) {
            const before = text.slice(0, Number(position[1]));
            const line = before.split("\n").length;
            where += `:${line}:${Number(position[1]) - before.lastIndexOf("\n")}`;
        }
        throw new InputError(`${where}: invalid JSON (${message.replace(/ in JSON at position \d+.*$/s, "").replace(/\s*\(line \d+ column \d+\)/, "")})`);
    }
}

function isMap(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The project directory: it must exist, be a directory and hold Pulumi.yaml. */
export function checkProjectRoot(rootDir: string): void {
    const stat = statOf(rootDir);
    if (!stat) {
        throw new InputError(`${display(rootDir)}: no such directory`);
    }
    if (!stat.isDirectory()) {
        throw new InputError(`${display(rootDir)}: not a directory`);
    }
    if (!statOf(path.join(rootDir, "Pulumi.yaml"))) {
        throw new InputError(`${display(rootDir)}: not a Pulumi project (no Pulumi.yaml)`);
    }
}

export function readProjectFile(rootDir: string): ProjectFile {
    checkProjectRoot(rootDir);
    const file = path.join(rootDir, "Pulumi.yaml");
    const project = readYamlFile(file);
    if (!isMap(project) || typeof project.name !== "string" || !/^[A-Za-z0-9_.-]+$/.test(project.name)) {
        throw new InputError(`${display(file)}: expected a map with a project name (name: ...)`);
    }
    if (project.config !== undefined && project.config !== null && !isMap(project.config)) {
        throw new InputError(`${display(file)}: config: expected a map of key declarations`);
    }
    return { name: project.name, config: (project.config as Record<string, any>) ?? {} };
}

export function availableStacks(rootDir: string): string[] {
    return fs
        .readdirSync(rootDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

function encode(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Namespaced key for a config entry: bare keys belong to the project. */
function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * Namespaces a stack file may use besides the project's: the engine's (`pulumi:`) and those of the
 * provider packages the project depends on (`aws:`, `kubernetes:`, ...).
 */
export function knownNamespaces(rootDir: string, project: string): string[] {
    const names = new Set([project, "pulumi"]);
    for (const dir of [rootDir, PROJECT_ROOT]) {
        const manifest = path.join(dir, "package.json");
        if (statOf(manifest)?.isFile()) {
            try {
                const deps = JSON.parse(fs.readFileSync(manifest, "utf8")).dependencies ?? {};
                Object.keys(deps)
                    .filter((d) => d.startsWith("@pulumi/") && d !== "@pulumi/pulumi")
                    .forEach((d) => names.add(d.slice("@pulumi/".length)));
            } catch {
                // an unreadable manifest adds no namespaces
            }
            break;
        }
    }
    return [...names];
}


/** The closest of `candidates` to `word` when it is close enough to be a typo (case, or two edits). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const distance = candidate.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return bestDistance <= Math.min(2, Math.floor(word.length / 3)) ? best : undefined;
}

function namespaceProblem(fullKey: string, known: string[]): ConfigProblem | undefined {
    const namespace = fullKey.slice(0, fullKey.indexOf(":"));
    if (known.includes(namespace)) {
        return undefined;
    }
    const suggestion = closest(namespace, known);
    return {
        key: formatFullKey(fullKey),
        message:
            `unknown namespace ${JSON.stringify(namespace.length > 40 ? `${namespace.slice(0, 37)}...` : namespace)}` +
            (suggestion ? `; did you mean ${suggestion}:?` : `; expected one of ${known.map((n) => `${n}:`).join(", ")}`),
    };
}

export function readStackFiles(rootDir: string, stack: string): StackFiles {
    checkProjectRoot(rootDir);
    const stackPath = path.join(rootDir, `Pulumi.${stack}.yaml`);
    if (!/^[A-Za-z0-9_.-]+$/.test(stack) || stack.length > 100 || !statOf(stackPath)) {
        throw new UnknownStackError(stack, availableStacks(rootDir)); // before any parsing: answered in node's start-up time
    }
    const project = readProjectFile(rootDir);
    const config: Record<string, string> = Object.create(null);
    const values: Record<string, unknown> = Object.create(null);
    const set = (key: string, value: unknown) => {
        values[key] = value;
        config[key] = encode(value);
    };
    for (const [key, declaration] of Object.entries(project.config)) {
        if (!isMap(declaration)) {
            set(qualify(project.name, key), declaration);
        } else if ("value" in declaration) {
            set(qualify(project.name, key), declaration.value);
        } else if ("default" in declaration) {
            set(qualify(project.name, key), declaration.default);
        }
    }
    const stackFile = readYamlFile(stackPath) ?? {};
    if (!isMap(stackFile) || (stackFile.config !== undefined && stackFile.config !== null && !isMap(stackFile.config))) {
        throw new InputError(`${display(stackPath)}: expected a map with a config: map of keys`);
    }
    const known = knownNamespaces(rootDir, project.name);
    const secretKeys: string[] = [];
    const problems: ConfigProblem[] = [];
    for (const [key, value] of Object.entries((stackFile.config as Record<string, unknown>) ?? {})) {
        const fullKey = qualify(project.name, key);
        const problem = namespaceProblem(fullKey, known);
        if (problem) {
            problems.push(problem);
            continue;
        }
        if (isMap(value) && "secure" in value) {
            secretKeys.push(fullKey);
            set(fullKey, "[secret]");
            continue;
        }
        set(fullKey, value);
    }
    const secrets = { secretsprovider: stackFile.secretsprovider, encryptedkey: stackFile.encryptedkey };
    return { project: project.name, stack, file: stackPath, config, values, secretKeys, problems, secrets };
}

/** `policy/config.<stack>.json`, parsed; undefined when the stack has none (every rule at its pack default). */
export function readPolicyConfig(rootDir: string, stack: string): { file: string; config: Record<string, unknown> } | undefined {
    const file = path.join(rootDir, "policy", `config.${stack}.json`);
    if (!statOf(file)) {
        return undefined;
    }
    const config = readJsonFile(file);
    if (!isMap(config)) {
        throw new InputError(`${display(file)}: expected a JSON object of policy settings`);
    }
    return { file, config };
}
