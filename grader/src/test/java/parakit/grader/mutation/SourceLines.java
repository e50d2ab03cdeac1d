package parakit.grader.mutation;

import java.util.List;

/**
 * The lines of one reference file as a mutator sees them: which characters are code (not inside a string or
 * char literal, not in a comment), and where brackets match. A deliberately small lexer: enough for the
 * kit's own solutions, which keep one statement per line and no braces inside strings.
 */
final class SourceLines {

    private final List<String> lines;
    private final boolean[][] code;

    SourceLines(List<String> lines) {
        this.lines = List.copyOf(lines);
        this.code = new boolean[lines.size()][];
        boolean inBlockComment = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            boolean[] mask = new boolean[l.length()];
            char quote = 0;
            for (int c = 0; c < l.length(); c++) {
                char ch = l.charAt(c);
                char next = c + 1 < l.length() ? l.charAt(c + 1) : 0;
                if (inBlockComment) {
                    if (ch == '*' && next == '/') {
                        inBlockComment = false;
                        c++;
                    }
                } else if (quote != 0) {
                    if (ch == '\\') {
                        c++;
                    } else if (ch == quote) {
                        quote = 0;
                    }
                } else if (ch == '/' && next == '/') {
                    break;
                } else if (ch == '/' && next == '*') {
                    inBlockComment = true;
                    c++;
                } else if (ch == '"' || ch == '\'') {
                    quote = ch;
                } else {
                    mask[c] = true;
                }
            }
            code[i] = mask;
        }
    }

    int size() {
        return lines.size();
    }

    String line(int i) {
        return lines.get(i);
    }

    List<String> lines() {
        return lines;
    }

    /** Whether the character at {@code column} of line {@code i} is code. */
    boolean isCode(int i, int column) {
        return column >= 0 && column < code[i].length && code[i][column];
    }

    /** The code of line {@code i} with literals and comments blanked out (same length as the line). */
    String codeOf(int i) {
        StringBuilder b = new StringBuilder(lines.get(i));
        for (int c = 0; c < b.length(); c++) {
            if (!code[i][c]) {
                b.setCharAt(c, ' ');
            }
        }
        return b.toString();
    }

    /** Whether line {@code i} holds any code at all (not blank, not only a comment). */
    boolean hasCode(int i) {
        return !codeOf(i).isBlank();
    }

    /**
     * The column of the bracket that closes the one at {@code (line, column)} on the same line, or -1.
     * Used for argument lists and conditions, which the solutions keep on one line.
     */
    int closingOnLine(int line, int column) {
        String c = codeOf(line);
        char open = c.charAt(column);
        char close = open == '(' ? ')' : open == '{' ? '}' : ']';
        int depth = 0;
        for (int k = column; k < c.length(); k++) {
            if (c.charAt(k) == open) {
                depth++;
            } else if (c.charAt(k) == close && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    /** The line that holds the '{' matched by the first '}' of line {@code line}, or -1. */
    int openingBraceLine(int line) {
        int depth = 0;
        String first = codeOf(line);
        int from = first.indexOf('}');
        for (int i = line; i >= 0; i--) {
            String c = codeOf(i);
            for (int k = (i == line ? from : c.length() - 1); k >= 0; k--) {
                if (c.charAt(k) == '}') {
                    depth++;
                } else if (c.charAt(k) == '{' && --depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The line that holds the '}' matching the last '{' of line {@code line}, or -1. */
    int closingBraceLine(int line) {
        int depth = 0;
        String first = codeOf(line);
        int from = first.lastIndexOf('{');
        for (int i = line; i < lines.size(); i++) {
            String c = codeOf(i);
            for (int k = (i == line ? from : 0); k < c.length(); k++) {
                if (c.charAt(k) == '{') {
                    depth++;
                } else if (c.charAt(k) == '}' && --depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}
