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

    /** A field quoted when it holds a comma, a double quote or a line break; its quotes doubled. Null is empty. */
    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
