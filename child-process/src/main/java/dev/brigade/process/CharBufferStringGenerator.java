package dev.brigade.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;

/**
 * Writes string values faster than Jackson's {@code writeString(String)}, the same bytes:
 * <ul>
 * <li>a string of plain ASCII (no quote, backslash or control character) is copied out as bytes
 * ({@code getBytes(ISO_8859_1)} is a copy of a Latin-1 string's value) and written as it is: under C1, in the
 * children, Jackson's path (the string to chars, each char encoded) was a third of a 1 KiB echo's CPU;</li>
 * <li>another string of up to 16k characters is copied into a reused {@code char[]} ({@code getChars}) and
 * Jackson writes that: its {@code writeString(String)} reads the string with one {@code charAt} per character,
 * which took three times as long for a 1 KiB message under C2 (JDK 25, Jackson 2.21);</li>
 * <li>longer strings take Jackson's own path, so a multi-megabyte string (an artifact's content) costs no copy.</li>
 * </ul>
 * The ASCII path is taken only if the generator's factory writes such a string as it is (no custom escapes, quote
 * character or escaped slashes), which {@link #writesAsciiAsIs} checks once.
 */
final class CharBufferStringGenerator extends JsonGeneratorDelegate {

    private static final int BUFFER_CHARS = 16 * 1024;
    private static final String PRINTABLE;

    static {
        StringBuilder printable = new StringBuilder();
        for (char c = 0x20; c < 0x7f; c++) {
            if (c != '"' && c != '\\' && c != '?') {
                printable.append(c);
            }
        }
        PRINTABLE = printable.toString();
    }

    private final char[] buffer = new char[BUFFER_CHARS];
    private final boolean asciiAsIs;

    CharBufferStringGenerator(JsonGenerator generator, boolean asciiAsIs) {
        super(generator, false);
        this.asciiAsIs = asciiAsIs;
    }

    /** Whether a generator of this factory writes every plain ASCII string as its characters between quotes. */
    static boolean writesAsciiAsIs(JsonFactory factory) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator probe = factory.createGenerator(out)) {
            probe.writeString(PRINTABLE);
        } catch (IOException e) {
            return false;
        }
        return out.toString(StandardCharsets.ISO_8859_1).equals('"' + PRINTABLE + '"');
    }

    @Override
    public void writeString(String text) throws IOException {
        if (text == null || text.length() > buffer.length) {
            delegate.writeString(text);
            return;
        }
        if (asciiAsIs) {
            byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
            if (AsciiJson.plainAscii(latin1, 0, latin1.length)) {
                delegate.writeRawUTF8String(latin1, 0, latin1.length);
                return;
            }
        }
        text.getChars(0, text.length(), buffer, 0);
        delegate.writeString(buffer, 0, text.length());
    }
}
