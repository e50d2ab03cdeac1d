package parakit.grader.mutation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mutation operators that matter for concurrency code, in priority order (the order in which a sampled
 * run picks them): synchronization calls and their structure first, then generic ones (boundaries, return
 * values, conditions).
 */
final class Operators {

    private static final String TIMEOUT = "10, java.util.concurrent.TimeUnit.MILLISECONDS";

    private Operators() {
    }

    /** Every operator, highest priority first. */
    static List<MutationOperator> all() {
        return List.of(new RemoveCall(), new WhileToIf(), new RemoveFinally(),
                replace("signalall-to-signal", "\\.signalAll\\(", m -> ".signal("),
                replace("notifyall-to-notify", "(?<![\\w$])notifyAll\\(", m -> "notify("),
                replace("start-to-run", "\\.start\\(\\)", m -> ".run()"),
                replace("drop-volatile", "(?<![\\w$])volatile\\s+", m -> ""),
                replace("daemon-flag", "(?<![\\w$])(setDaemon|daemon)\\((true|false)\\)",
                        m -> m.group(1) + "(" + (m.group(2).equals("true") ? "false" : "true") + ")"),
                new TimedToUntimed(),
                replace("untimed-to-timed", "(?<![\\w$])(await|join|wait|acquire|take)\\(\\)", m -> switch (m.group(1)) {
                    case "await" -> "await(" + TIMEOUT + ")";
                    case "acquire" -> "tryAcquire(" + TIMEOUT + ")";
                    case "take" -> "poll(" + TIMEOUT + ")";
                    default -> m.group(1) + "(10)";
                }),
                replace("boundary", " (<=|>=|<|>) ", m -> " " + switch (m.group(1)) {
                    case "<" -> "<=";
                    case "<=" -> "<";
                    case ">" -> ">=";
                    default -> ">";
                } + " "),
                new ReturnConstant(), new NegateCondition());
    }

    /** An operator that rewrites each match of {@code regex} in a line's code, one mutant per match. */
    static MutationOperator replace(String id, String regex, Function<Matcher, String> with) {
        Pattern p = Pattern.compile(regex);
        return new MutationOperator() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public List<Change> at(SourceLines src, int line) {
                List<Change> out = new ArrayList<>();
                Matcher m = p.matcher(src.codeOf(line));
                String text = src.line(line);
                while (m.find()) {
                    out.add(Change.of(line, text.substring(0, m.start()) + with.apply(m) + text.substring(m.end())));
                }
                return out;
            }
        };
    }

    /** Removes a one-line statement that calls a synchronization or thread-lifecycle method. */
    static final class RemoveCall implements MutationOperator {
        private static final Pattern CALL = Pattern.compile("(?<![\\w$])(lock|unlock|signal|signalAll|notify|notifyAll"
                + "|await|countDown|release|acquire|join|interrupt|shutdown|start)\\(");

        @Override
        public String id() {
            return "remove-call";
        }

        @Override
        public List<Change> at(SourceLines src, int line) {
            String code = src.codeOf(line).strip();
            if (!code.endsWith(";") || code.startsWith("return") || !CALL.matcher(code).find() || !startsStatement(src, line)) {
                return List.of();
            }
            return List.of(new Change(line, nullAt(line)));
        }

        private static Map<Integer, String> nullAt(int line) {
            Map<Integer, String> m = new HashMap<>();
            m.put(line, null);
            return m;
        }

        /** Whether the previous code line ends a statement or opens/closes a block (no continuation line). */
        private static boolean startsStatement(SourceLines src, int line) {
            for (int i = line - 1; i >= 0; i--) {
                if (src.hasCode(i)) {
                    String prev = src.codeOf(i).strip();
                    return prev.endsWith(";") || prev.endsWith("{") || prev.endsWith("}");
                }
            }
            return true;
        }
    }

    /** {@code while (...) {} around a wait becomes {@code if (...) {}: waits once, re-checks nothing. */
    static final class WhileToIf implements MutationOperator {
        private static final Pattern WHILE = Pattern.compile("^(\\s*)while(\\s*\\(.*\\)\\s*\\{\\s*)$");
        private static final Pattern WAIT = Pattern.compile("(?<![\\w$])(await|awaitNanos|awaitUntil|wait)\\(");

        @Override
        public String id() {
            return "while-to-if";
        }

        @Override
        public List<Change> at(SourceLines src, int line) {
            Matcher m = WHILE.matcher(src.codeOf(line));
            if (!m.matches()) {
                return List.of();
            }
            int close = src.closingBraceLine(line);
            for (int i = line + 1; i < close; i++) {
                if (WAIT.matcher(src.codeOf(i)).find()) {
                    String text = src.line(line);
                    return List.of(Change.of(line, text.substring(0, m.end(1)) + "if" + text.substring(m.end(1) + 5)));
                }
            }
            return List.of();
        }
    }

    /**
     * Removes a {@code finally}: its body runs after the try body as a plain block ({@code } finally {} becomes
     * {@code } {}, and a bare {@code try {} becomes {@code {}), so it is skipped when the try body throws.
     */
    static final class RemoveFinally implements MutationOperator {
        private static final Pattern FINALLY = Pattern.compile("^(\\s*)\\}\\s*finally\\s*\\{\\s*$");
        private static final Pattern TRY = Pattern.compile("^(\\s*)try\\s*\\{\\s*$");

        @Override
        public String id() {
            return "remove-finally";
        }

        @Override
        public List<Change> at(SourceLines src, int line) {
            Matcher m = FINALLY.matcher(src.codeOf(line));
            if (!m.matches()) {
                return List.of();
            }
            Map<Integer, String> replaced = new HashMap<>();
            replaced.put(line, m.group(1) + "} {");
            int open = src.openingBraceLine(line);
            Matcher t = open < 0 ? null : TRY.matcher(src.codeOf(open));
            if (t != null && t.matches()) {
                replaced.put(open, t.group(1) + "{");
            }
            return List.of(new Change(line, replaced));
        }
    }

    /**
     * A timed wait waits without a limit: {@code await(t, u)} as a statement becomes {@code await()},
     * {@code join(d)}/{@code wait(ms)} lose their argument, and where a result is used (awaitNanos, tryLock,
     * tryAcquire, poll, get, awaitTermination, or await in an expression) the time becomes
     * {@code Long.MAX_VALUE}.
     */
    static final class TimedToUntimed implements MutationOperator {
        private static final Pattern CALL = Pattern.compile("(?<![\\w$])(await|awaitNanos|tryLock|tryAcquire|poll|get"
                + "|awaitTermination|join|wait)\\(");

        @Override
        public String id() {
            return "timed-to-untimed";
        }

        @Override
        public List<Change> at(SourceLines src, int line) {
            List<Change> out = new ArrayList<>();
            String code = src.codeOf(line);
            String text = src.line(line);
            Matcher m = CALL.matcher(code);
            while (m.find()) {
                int open = m.end() - 1;
                int close = src.closingOnLine(line, open);
                if (close < 0) {
                    continue;
                }
                List<String> args = splitArguments(text.substring(open + 1, close));
                String name = m.group(1);
                String replacement = untimed(name, args, isStatement(code, m.start(), close));
                if (replacement != null) {
                    out.add(Change.of(line, text.substring(0, open + 1) + replacement + text.substring(close)));
                }
            }
            return out;
        }

        private static String untimed(String name, List<String> args, boolean statement) {
            return switch (name) {
                case "awaitNanos" -> args.size() == 1 ? "Long.MAX_VALUE" : null;
                case "join", "wait" -> args.size() == 1 ? "" : null;
                case "await" -> args.size() != 2 ? null : statement ? "" : "Long.MAX_VALUE, " + args.get(1);
                case "tryLock", "poll", "get", "awaitTermination" -> args.size() == 2 ? "Long.MAX_VALUE, " + args.get(1) : null;
                case "tryAcquire" -> args.size() < 2 ? null : String.join(", ", args.subList(0, args.size() - 2))
                        + (args.size() > 2 ? ", " : "") + "Long.MAX_VALUE, " + args.getLast();
                default -> null;
            };
        }

        /** Whether the call from {@code start} to {@code close} is the whole statement (its result unused). */
        private static boolean isStatement(String code, int start, int close) {
            String before = code.substring(0, start).strip();
            boolean receiverOnly = before.isEmpty() || before.matches("[\\w$.()]*\\.");
            return receiverOnly && code.substring(close + 1).strip().equals(";");
        }

        static List<String> splitArguments(String inside) {
            List<String> args = new ArrayList<>();
            if (inside.isBlank()) {
                return args;
            }
            int depth = 0;
            int from = 0;
            for (int k = 0; k < inside.length(); k++) {
                char c = inside.charAt(k);
                if (c == '(' || c == '<' || c == '[') {
                    depth++;
                } else if (c == ')' || c == '>' || c == ']') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    args.add(inside.substring(from, k).strip());
                    from = k + 1;
                }
            }
            args.add(inside.substring(from).strip());
            return args;
        }
    }

    /** {@code return x;} returns a neutral constant of the method's type instead (false, 0, "", empty, null). */
    static final class ReturnConstant implements MutationOperator {
        private static final Pattern RETURN = Pattern.compile("^(\\s*)return\\s+(.+);\\s*$");
        private static final Pattern METHOD = Pattern.compile("^\\s*(?:(?:public|private|protected|static|final|"
                + "synchronized|abstract|default)\\s+)*(?:<[^()]*>\\s+)?([\\w$.\\[\\]<>?, ]+?)\\s+[\\w$]+\\s*\\(.*$");
        private static final Pattern NOT_A_TYPE = Pattern.compile("^(return|new|if|while|for|switch|catch|else|throw|do|try|"
                + "synchronized|case)\\b.*");

        @Override
        public String id() {
            return "return-constant";
        }

        @Override
        public List<Change> at(SourceLines src, int line) {
            Matcher r = RETURN.matcher(src.codeOf(line));
            if (!r.matches()) {
                return List.of();
            }
            String code = src.codeOf(line);
            String expr = src.line(line).substring(code.indexOf("return") + "return".length(), code.lastIndexOf(';')).strip();
            String constant = neutral(returnType(src, line), expr);
            return constant == null ? List.of() : List.of(Change.of(line, r.group(1) + "return " + constant + ";"));
        }

        private static String returnType(SourceLines src, int line) {
            for (int i = line - 1; i >= 0; i--) {
                String code = src.codeOf(i).strip();
                Matcher m = METHOD.matcher(code);
                if (m.matches() && !NOT_A_TYPE.matcher(code).matches() && !code.contains("=")) {
                    return m.group(1).strip();
                }
            }
            return "";
        }

        private static String neutral(String type, String expr) {
            String raw = type.replaceAll("<.*", "");
            String c = switch (raw) {
                case "void", "" -> null;
                case "boolean", "Boolean" -> "false";
                case "int", "long", "short", "byte", "Integer", "Long" -> "0";
                case "double", "float", "Double", "Float" -> "0.0";
                case "char" -> null;
                case "String" -> "\"\"";
                case "List", "Collection" -> "java.util.List.of()";
                case "Set" -> "java.util.Set.of()";
                case "Map" -> "java.util.Map.of()";
                case "Optional" -> "java.util.Optional.empty()";
                default -> "null";
            };
            if (c == null || !c.equals(expr)) {
                return c;
            }
            return switch (c) {
                case "false" -> "true";
                case "0" -> "1";
                case "0.0" -> "1.0";
                case "\"\"" -> "\"x\"";
                default -> null;
            };
        }
    }

    /** The condition of an {@code if} or {@code while} is negated: {@code (c)} becomes {@code (!(c))}. */
    static final class NegateCondition implements MutationOperator {
        private static final Pattern KEYWORD = Pattern.compile("(?<![\\w$])(if|while)\\s*\\(");

        @Override
        public String id() {
            return "negate-condition";
        }

        @Override
        public List<Change> at(SourceLines src, int line) {
            List<Change> out = new ArrayList<>();
            String text = src.line(line);
            Matcher m = KEYWORD.matcher(src.codeOf(line));
            while (m.find()) {
                int open = m.end() - 1;
                int close = src.closingOnLine(line, open);
                if (close > open) {
                    out.add(Change.of(line, text.substring(0, open + 1) + "!(" + text.substring(open + 1, close) + ")"
                            + text.substring(close)));
                }
            }
            return out;
        }
    }
}
