package dev.brigade.worker.child.handlers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import dev.brigade.worker.child.JobTrace;

/**
 * Lays an {@link Invoice} out on A4 pages with PDFBox. The first page has the header (shop, "Invoice", order id,
 * date) and the customer; every page has the line table's header row and a "page n of m" footer; the grand total
 * follows the last line. Pages are planned before anything is drawn, so each page knows m and progress can be
 * told per page.
 */
final class InvoicePdf {

    /** Told after each page is drawn. */
    @FunctionalInterface
    interface PageListener {
        void pageDone(int page, int pages);
    }

    static final String SHOP_NAME = "Brigade";

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 50;
    private static final float LEFT = MARGIN;
    private static final float RIGHT = PAGE.getWidth() - MARGIN;
    private static final float TOP = PAGE.getHeight() - MARGIN;
    private static final float BODY = 10;
    private static final float ROW = 16;
    /** Lowest baseline a table row may use; the footer sits below it. */
    private static final float TABLE_BOTTOM = MARGIN + 30;
    private static final float FOOTER_Y = MARGIN - 10;
    /** Where the table header row's baseline is on the first page (below header and customer) and on the others. */
    private static final float FIRST_TABLE_TOP = TOP - 140;
    private static final float NEXT_TABLE_TOP = TOP - 40;
    /** Rows the grand total needs under the last line. */
    private static final int TOTAL_ROWS = 2;

    private static final float QUANTITY_RIGHT = 345;
    private static final float UNIT_PRICE_RIGHT = 445;
    /** Room for a right-aligned header text beside the shop name. */
    private static final float HEADER_TEXT_WIDTH = RIGHT - LEFT - 90;
    private static final float PRODUCT_WIDTH = QUANTITY_RIGHT - 50 - LEFT;

    /**
     * PDFBox warns on every standard-14 font it creates when the machine has no Helvetica installed ("Using
     * fallback font LiberationSans"): four log lines per invoice that tell nothing, as the PDF does not embed the
     * font and every viewer has Helvetica. Kept (strongly referenced) so the level sticks.
     */
    private static final Logger FONT_LOG = Logger.getLogger("org.apache.pdfbox.pdmodel.font.PDType1Font");

    static {
        FONT_LOG.setLevel(Level.SEVERE);
    }

    private final PdfText regular = new PdfText(new PDType1Font(Standard14Fonts.FontName.HELVETICA));
    private final PdfText bold = new PdfText(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD));

    /** The PDF's bytes; each page drawn in a span {@code invoice page} of {@code trace}. */
    byte[] render(Invoice invoice, JobTrace trace, PageListener listener) throws IOException {
        List<PageRange> pages = plan(invoice.lines().size());
        try (PDDocument document = new PDDocument()) {
            document.getDocumentInformation().setTitle("Invoice " + invoice.orderId());
            document.getDocumentInformation().setAuthor(SHOP_NAME);
            for (int i = 0; i < pages.size(); i++) {
                PageRange range = pages.get(i);
                int number = i + 1;
                trace.span("invoice page", span -> {
                    span.attribute("brigade.invoice.page", number);
                    PDPage page = new PDPage(PAGE);
                    document.addPage(page);
                    try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                        drawPage(content, invoice, range, number, pages.size());
                    }
                    return page;
                });
                listener.pageDone(number, pages.size());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            document.save(out);
            return out.toByteArray();
        }
    }

    /** Which lines go on which page; the last page also has room for the total. */
    static List<PageRange> plan(int lineCount) {
        List<PageRange> pages = new ArrayList<>();
        int start = 0;
        while (true) {
            int capacity = rowsPerPage(pages.isEmpty());
            int remaining = lineCount - start;
            if (remaining + TOTAL_ROWS <= capacity) {
                pages.add(new PageRange(start, lineCount, true));
                return pages;
            }
            int take = Math.min(remaining, capacity);
            pages.add(new PageRange(start, start + take, false));
            start += take;
        }
    }

    /** Line rows that fit under the table header row. */
    static int rowsPerPage(boolean firstPage) {
        float top = (firstPage ? FIRST_TABLE_TOP : NEXT_TABLE_TOP) - ROW;
        return (int) ((top - TABLE_BOTTOM) / ROW) + 1;
    }

    record PageRange(int from, int to, boolean withTotal) {
    }

    private void drawPage(PDPageContentStream content, Invoice invoice, PageRange range, int page, int pages)
            throws IOException {
        float y;
        if (page == 1) {
            drawHeader(content, invoice);
            y = FIRST_TABLE_TOP;
        } else {
            text(content, bold, 14, LEFT, TOP, SHOP_NAME);
            rightText(content, regular, BODY, RIGHT, TOP,
                    regular.fit("Invoice for order " + invoice.orderId() + " (continued)", BODY, HEADER_TEXT_WIDTH));
            y = NEXT_TABLE_TOP;
        }
        drawTableHeader(content, y);
        for (int i = range.from(); i < range.to(); i++) {
            y -= ROW;
            drawLine(content, invoice.lines().get(i), invoice.currency(), y);
        }
        if (range.withTotal()) {
            y -= ROW * 0.6f;
            rule(content, UNIT_PRICE_RIGHT - 90, y + ROW * 0.4f, RIGHT, 0.8f);
            y -= ROW * 0.4f;
            rightText(content, bold, 11, UNIT_PRICE_RIGHT, y, "Total");
            rightText(content, bold, 11, RIGHT, y, Money.format(invoice.totalCents(), invoice.currency()));
        }
        rule(content, LEFT, FOOTER_Y + 14, RIGHT, 0.3f);
        centeredText(content, regular, 9, FOOTER_Y, "page " + page + " of " + pages);
    }

    private void drawHeader(PDPageContentStream content, Invoice invoice) throws IOException {
        text(content, bold, 22, LEFT, TOP - 6, SHOP_NAME);
        rightText(content, bold, 18, RIGHT, TOP - 6, "Invoice");
        rightText(content, regular, BODY, RIGHT, TOP - 28,
                regular.fit("Order " + invoice.orderId(), BODY, HEADER_TEXT_WIDTH));
        if (invoice.createdAt() != null) {
            rightText(content, regular, BODY, RIGHT, TOP - 42,
                    "Date " + invoice.createdAt().toLocalDate().format(DateTimeFormatter.ISO_LOCAL_DATE));
        }
        float y = TOP - 72;
        text(content, bold, BODY, LEFT, y, "Bill to");
        text(content, regular, BODY, LEFT, y - 14, regular.fit(invoice.customerName(), BODY, RIGHT - LEFT));
        text(content, regular, BODY, LEFT, y - 28, regular.fit(invoice.customerEmail(), BODY, RIGHT - LEFT));
    }

    private void drawTableHeader(PDPageContentStream content, float y) throws IOException {
        text(content, bold, BODY, LEFT, y, "Product");
        rightText(content, bold, BODY, QUANTITY_RIGHT, y, "Quantity");
        rightText(content, bold, BODY, UNIT_PRICE_RIGHT, y, "Unit price");
        rightText(content, bold, BODY, RIGHT, y, "Line total");
        rule(content, LEFT, y - 5, RIGHT, 0.8f);
    }

    private void drawLine(PDPageContentStream content, Invoice.Line line, String currency, float y)
            throws IOException {
        text(content, regular, BODY, LEFT, y, regular.fit(line.name(), BODY, PRODUCT_WIDTH));
        rightText(content, regular, BODY, QUANTITY_RIGHT, y, Long.toString(line.quantity()));
        rightText(content, regular, BODY, UNIT_PRICE_RIGHT, y, Money.format(line.unitPriceCents(), currency));
        rightText(content, regular, BODY, RIGHT, y, Money.format(line.totalCents(), currency));
    }

    private static void text(PDPageContentStream content, PdfText font, float size, float x, float y, String text)
            throws IOException {
        content.beginText();
        content.setFont(font.font(), size);
        content.newLineAtOffset(x, y);
        content.showText(font.safe(text));
        content.endText();
    }

    private static void rightText(PDPageContentStream content, PdfText font, float size, float right, float y,
            String text) throws IOException {
        String safe = font.safe(text);
        text(content, font, size, right - font.width(safe, size), y, safe);
    }

    private static void centeredText(PDPageContentStream content, PdfText font, float size, float y, String text)
            throws IOException {
        String safe = font.safe(text);
        text(content, font, size, (PAGE.getWidth() - font.width(safe, size)) / 2, y, safe);
    }

    private static void rule(PDPageContentStream content, float x1, float y, float x2, float width)
            throws IOException {
        content.setLineWidth(width);
        content.moveTo(x1, y);
        content.lineTo(x2, y);
        content.stroke();
    }
}
