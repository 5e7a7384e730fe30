package dev.brigade.worker.child.handlers;

import java.io.IOException;
import java.io.Writer;

/** Writes CSV records as RFC 4180 has them: comma-separated, CRLF line ends, fields quoted only where needed. */
final class Csv {

    private final Writer out;

    Csv(Writer out) {
        this.out = out;
    }

    void record(Object... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields[i]));
        }
        out.write("\r\n");
    }

    /**
     * A field quoted when it holds a comma, a double quote or a line break; its quotes doubled. Null is empty. A text
     * that a spreadsheet would run as a formula (it starts with {@code = + - @}, a tab or a carriage return) gets a
     * leading {@code '} and quotes, as OWASP's CSV injection advice has it; numbers stay numbers.
     */
    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        boolean formula = !(value instanceof Number) && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0;
        if (formula) {
            text = "'" + text;
        }
        boolean quote = formula || text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
