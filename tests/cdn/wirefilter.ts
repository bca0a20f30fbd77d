/**
 * A tiny evaluator for the subset of Cloudflare's Rules language (wirefilter) that components/cdn
 * generates, so tests can ask what a cache rule does to a request instead of comparing its text:
 *
 *   fields     http.host, http.request.uri.path, http.request.uri.path.extension,
 *              http.request.headers.names (an array; `[*]` iterates it)
 *   operators  eq / ==, ne / !=, in {"a" "b"}, and / &&, or / ||, not / !, parentheses
 *   functions  starts_with(field, "x"), lower(x), any(x[*] eq "y")
 *
 * Anything else (an unknown field, function or token) throws, so a rule that starts using syntax this
 * evaluator does not know fails its tests loudly instead of being misread. Precedence follows Cloudflare:
 * not, then and, then or.
 */

/** A request as the edge sees it. Header names keep the case the client sent. */
export interface EdgeRequest {
    host: string;
    path: string;
    headers?: Record<string, string>;
}

type Scalar = string | boolean;
/** An array value produced by `[*]` (or a function applied to one): operators apply element-wise. */
interface Each {
    each: Scalar[];
}
type Value = Scalar | Each;

type Token = { kind: "string"; text: string } | { kind: "word"; text: string } | { kind: "punct"; text: string };

const PUNCTUATION = ["[*]", "&&", "||", "==", "!=", "(", ")", "{", "}", ",", "!"];

function tokenize(expression: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < expression.length) {
        const c = expression[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === '"') {
            let text = "";
            i++;
            while (expression[i] !== '"') {
                if (i >= expression.length) {
                    throw new Error(`unterminated string in ${expression}`);
                }
                if (expression[i] === "\\") {
                    i++;
                }
                text += expression[i++];
            }
            i++;
            tokens.push({ kind: "string", text });
        } else if (/[a-z_]/i.test(c)) {
            const match = /^[a-z_][a-z0-9_.]*/i.exec(expression.slice(i))!;
            tokens.push({ kind: "word", text: match[0] });
            i += match[0].length;
        } else {
            const punct = PUNCTUATION.find((p) => expression.startsWith(p, i));
            if (!punct) {
                throw new Error(`unsupported character ${JSON.stringify(c)} at ${i} in ${expression}`);
            }
            tokens.push({ kind: "punct", text: punct });
            i += punct.length;
        }
    }
    return tokens;
}

function extensionOf(path: string): string {
    const file = path.slice(path.lastIndexOf("/") + 1);
    const dot = file.lastIndexOf(".");
    return dot < 0 ? "" : file.slice(dot + 1).toLowerCase();
}

function field(name: string, request: EdgeRequest): Scalar | Scalar[] {
    switch (name) {
        case "http.host":
            return request.host.toLowerCase();
        case "http.request.uri.path":
            return request.path;
        case "http.request.uri.path.extension":
            return extensionOf(request.path);
        case "http.request.headers.names":
            return Object.keys(request.headers ?? {});
        default:
            throw new Error(`unsupported field ${name}`);
    }
}

const isEach = (v: Value): v is Each => typeof v === "object";
const map = (v: Value, f: (s: Scalar) => Scalar): Value => (isEach(v) ? { each: v.each.map(f) } : f(v));

function asString(v: Scalar): string {
    if (typeof v !== "string") {
        throw new Error(`expected a string, found ${JSON.stringify(v)}`);
    }
    return v;
}

class Parser {
    private position = 0;

    constructor(
        private readonly tokens: Token[],
        private readonly request: EdgeRequest,
    ) {}

    parse(): boolean {
        const result = this.or();
        if (this.position !== this.tokens.length) {
            throw new Error(`unexpected ${JSON.stringify(this.tokens[this.position].text)} after a complete expression`);
        }
        return this.bool(result);
    }

    private peek(): Token | undefined {
        return this.tokens[this.position];
    }

    private accept(...texts: string[]): boolean {
        const token = this.peek();
        if (token && token.kind !== "string" && texts.includes(token.text)) {
            this.position++;
            return true;
        }
        return false;
    }

    private expect(text: string): void {
        if (!this.accept(text)) {
            throw new Error(`expected ${JSON.stringify(text)}, found ${JSON.stringify(this.peek()?.text ?? "end of expression")}`);
        }
    }

    private bool(v: Value): boolean {
        if (typeof v !== "boolean") {
            throw new Error(`expected a boolean, found ${JSON.stringify(v)}`);
        }
        return v;
    }

    // Both operands are always evaluated: a test should trip over unsupported syntax wherever it sits.
    private or(): Value {
        let left = this.and();
        while (this.accept("or", "||")) {
            const right = this.and();
            left = this.bool(left) || this.bool(right);
        }
        return left;
    }

    private and(): Value {
        let left = this.not();
        while (this.accept("and", "&&")) {
            const right = this.not();
            left = this.bool(left) && this.bool(right);
        }
        return left;
    }

    private not(): Value {
        if (this.accept("not", "!")) {
            return !this.bool(this.not());
        }
        return this.comparison();
    }

    private comparison(): Value {
        const left = this.operand();
        if (this.accept("eq", "==")) {
            const right = this.stringLiteral();
            return map(left, (s) => asString(s) === right);
        }
        if (this.accept("ne", "!=")) {
            const right = this.stringLiteral();
            return map(left, (s) => asString(s) !== right);
        }
        if (this.accept("in")) {
            const set = this.set();
            return map(left, (s) => set.includes(asString(s)));
        }
        return left;
    }

    private operand(): Value {
        if (this.accept("(")) {
            const inner = this.or();
            this.expect(")");
            return inner;
        }
        const token = this.peek();
        if (!token || token.kind !== "word") {
            throw new Error(`expected a field or function, found ${JSON.stringify(token?.text ?? "end of expression")}`);
        }
        this.position++;
        let value: Value | Scalar[];
        if (this.accept("(")) {
            value = this.call(token.text);
        } else {
            value = field(token.text, this.request);
        }
        if (this.accept("[*]")) {
            const items = Array.isArray(value) ? value : isEach(value) ? value.each : undefined;
            if (!items) {
                throw new Error(`[*] on ${token.text}, which is not an array`);
            }
            return { each: items };
        }
        if (Array.isArray(value)) {
            throw new Error(`array ${token.text} used without [*]`);
        }
        return value;
    }

    private call(name: string): Value | Scalar[] {
        switch (name) {
            case "starts_with": {
                const subject = this.operand();
                this.expect(",");
                const prefix = this.stringLiteral();
                this.expect(")");
                return map(subject, (s) => asString(s).startsWith(prefix));
            }
            case "lower": {
                const subject = this.operand();
                this.expect(")");
                // lower() of an array keeps it an array; the caller's [*] iterates the result.
                return isEach(subject) ? subject.each.map((s) => asString(s).toLowerCase()) : asString(subject).toLowerCase();
            }
            case "any": {
                const subject = this.or();
                this.expect(")");
                if (!isEach(subject)) {
                    throw new Error("any() needs an array of booleans");
                }
                return subject.each.some((b) => b === true);
            }
            default:
                throw new Error(`unsupported function ${name}`);
        }
    }

    private stringLiteral(): string {
        const token = this.peek();
        if (!token || token.kind !== "string") {
            throw new Error(`expected a string literal, found ${JSON.stringify(token?.text ?? "end of expression")}`);
        }
        this.position++;
        return token.text;
    }

    private set(): string[] {
        this.expect("{");
        const values: string[] = [];
        while (!this.accept("}")) {
            values.push(this.stringLiteral());
        }
        return values;
    }
}

/** Whether `expression` matches `request`; throws on syntax outside the supported subset. */
export function matches(expression: string, request: EdgeRequest): boolean {
    return new Parser(tokenize(expression), request).parse();
}

interface CacheRule {
    ref?: string;
    expression: string;
    enabled?: boolean;
    actionParameters?: { cache?: boolean; edgeTtl?: { default?: number }; browserTtl?: { default?: number } };
}

/** What the cache-settings phase decides for a request: `cache` undefined when no rule matched. */
export interface CacheOutcome {
    matched: string[];
    cache?: boolean;
    edgeTtl?: number;
    browserTtl?: number;
}

/**
 * Cache rules are evaluated in order and every matching rule applies; where two set the same setting,
 * the later one wins (Cloudflare's cache rules "stack").
 */
export function cacheOutcome(rules: CacheRule[], request: EdgeRequest): CacheOutcome {
    const outcome: CacheOutcome = { matched: [] };
    for (const rule of rules) {
        if (rule.enabled === false || !matches(rule.expression, request)) {
            continue;
        }
        outcome.matched.push(rule.ref ?? rule.expression);
        const parameters = rule.actionParameters ?? {};
        if (parameters.cache !== undefined) {
            outcome.cache = parameters.cache;
        }
        if (parameters.edgeTtl?.default !== undefined) {
            outcome.edgeTtl = parameters.edgeTtl.default;
        }
        if (parameters.browserTtl?.default !== undefined) {
            outcome.browserTtl = parameters.browserTtl.default;
        }
    }
    return outcome;
}
