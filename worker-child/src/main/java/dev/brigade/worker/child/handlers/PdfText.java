package dev.brigade.worker.child.handlers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * Makes text safe to show with one of the standard-14 fonts: their WinAnsi encoding has no emoji, no CJK, no
 * control characters, and {@code showText} throws on any of them. Each such character becomes {@code '?'} (a
 * control character, e.g. a newline in a name, becomes a space) instead of failing the job.
 */
final class PdfText {

    static final String ELLIPSIS = "...";

    private final PDFont font;
    private final Map<Integer, Boolean> encodable = new HashMap<>();
    private final Map<Integer, Float> glyphWidths = new HashMap<>();

    PdfText(PDFont font) {
        this.font = font;
    }

    PDFont font() {
        return font;
    }

    /** The text with every character this font cannot encode replaced by {@code '?'}. */
    String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(' ');
            } else if (encodable.computeIfAbsent(cp, this::canEncode)) {
                out.appendCodePoint(cp);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    /** Width in points of (already safe) text at this size. */
    float width(String safeText, float size) {
        try {
            return font.getStringWidth(safeText) / 1000f * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Safe text cut to fit {@code maxWidth} points, ending with "..." when it had to be cut. One pass, adding each
     * character's width (a standard-14 font's string width is the sum of its glyphs'), so a 100,000-character name
     * costs as little as it takes to read it.
     */
    String fit(String text, float size, float maxWidth) {
        String safe = safe(text);
        float room = maxWidth - width(ELLIPSIS, size);
        float used = 0;
        int fitsWithEllipsis = 0;
        for (int i = 0; i < safe.length(); ) {
            int codePoint = safe.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            used += glyphWidths.computeIfAbsent(codePoint, cp -> width(new String(Character.toChars(cp)), 1f)) * size;
            if (used <= room) {
                fitsWithEllipsis = next;
            }
            if (used > maxWidth) {
                return safe.substring(0, fitsWithEllipsis).stripTrailing() + ELLIPSIS;
            }
            i = next;
        }
        return safe;
    }

    private boolean canEncode(int codePoint) {
        try {
            font.encode(new String(Character.toChars(codePoint)));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }
}
