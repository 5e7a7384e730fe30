package dev.brigade.worker.child;

import static dev.brigade.worker.child.Payloads.MAPPER;
import static dev.brigade.worker.child.Payloads.invoice;
import static dev.brigade.worker.child.Payloads.itemLines;
import static dev.brigade.worker.child.Payloads.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.brigade.contracts.InvoiceJob;
import dev.brigade.worker.child.handlers.InvoiceHandler;

/** The invoice handler called directly; the PDF is read back with PDFBox as a person's viewer would. */
class InvoiceHandlerTest {

    private final InvoiceHandler handler = new InvoiceHandler();

    @Test
    void rendersAOnePageInvoiceWithHeaderCustomerLinesAndTotal() throws Exception {
        ObjectNode payload = invoice("o-1001", "Ada Lovelace",
                line(7, "Teapot", 2, 1250),
                line(8, "Cup", 3, 499));
        Artifact artifact = handler.handle(payload, new RecordedProgress());

        assertEquals("invoice-o-1001.pdf", artifact.fileName());
        assertEquals("application/pdf", artifact.mediaType());
        Pdf pdf = Pdf.read(artifact.content());
        assertEquals(1, pdf.pages);
        for (String expected : List.of("Brigade", "Invoice", "Order o-1001", "Date 2026-11-24", "Ada Lovelace",
                "ada@example.org", "Product", "Quantity", "Unit price", "Line total",
                "Teapot 2 EUR 12.50 EUR 25.00", "Cup 3 EUR 4.99 EUR 14.97",
                // 2 x 12.50 + 3 x 4.99 = 25.00 + 14.97
                "Total EUR 39.97", "page 1 of 1")) {
            assertTrue(pdf.text.contains(expected), "'" + expected + "' not in:\n" + pdf.text);
        }
    }

    @Test
    void aLongOrderFlowsOntoMorePagesEachWithTheTableHeaderAndAFooter() throws Exception {
        RecordedProgress progress = new RecordedProgress();
        Artifact artifact = handler.handle(invoice("o-300", "Ada Lovelace", itemLines(300)), progress);

        Pdf pdf = Pdf.read(artifact.content());
        assertTrue(pdf.pages > 1, "300 lines on " + pdf.pages + " page(s)");
        assertEquals(pdf.pages, count(pdf.text, "Unit price"), "the table header on every page");
        for (int page = 1; page <= pdf.pages; page++) {
            assertTrue(pdf.text.contains("page " + page + " of " + pdf.pages), "footer of page " + page);
        }
        for (int item = 1; item <= 300; item++) {
            assertTrue(pdf.text.contains("Item " + item + " 1 EUR 1.00 EUR 1.00"), "Item " + item + " missing");
        }
        assertTrue(pdf.lastPageText.contains("Total EUR 300.00"), pdf.lastPageText);
        assertTrue(progress.reports.size() >= pdf.pages + 2, "a report per page: " + progress.reports);
        progress.assertMonotonicUpTo100(3);
    }

    @Test
    void progressGoesUpAndEndsAt100() throws Exception {
        RecordedProgress progress = new RecordedProgress();
        handler.handle(invoice("o-1", "Ada", line(1, "Teapot", 1, 1250)), progress);
        progress.assertMonotonicUpTo100(3);
        assertEquals(10, progress.reports.get(0).percent());
    }

    @Test
    void textTheStandardFontCannotShowBecomesAQuestionMark() throws Exception {
        ObjectNode payload = invoice("o-\uD83D\uDE00", "Zoë \uD83D\uDE42 李雷",
                line(1, "Green tea \uD83C\uDF75 绿茶", 1, 350),
                line(2, "Line\nbreak", 1, 50));
        Artifact artifact = handler.handle(payload, new RecordedProgress());

        Pdf pdf = Pdf.read(artifact.content());
        assertTrue(pdf.text.contains("Zoë ? ??"), pdf.text);
        assertTrue(pdf.text.contains("Green tea ? ?? 1 EUR 3.50"), pdf.text);
        assertTrue(pdf.text.contains("Line break 1 EUR 0.50"), pdf.text);
        assertTrue(pdf.text.contains("Order o-?"), pdf.text);
        assertTrue(pdf.text.contains("Total EUR 4.00"), pdf.text);
        assertEquals("invoice-o-_.pdf", artifact.fileName(), "an emoji is no part of a file name");
    }

    @Test
    void aLongProductNameIsCutToItsColumn() throws Exception {
        String name = "A very long product name ".repeat(10).trim();
        Pdf pdf = Pdf.read(handler.handle(invoice("o-2", "Ada", line(1, name, 1, 100)), new RecordedProgress())
                .content());
        assertFalse(pdf.text.contains(name));
        assertTrue(pdf.text.contains("A very long product name"), pdf.text);
        assertTrue(pdf.text.contains("... 1 EUR 1.00 EUR 1.00"), pdf.text);
    }

    @Test
    void anEmptyLineListFails() {
        assertInvalid("the invoice has no lines: an order needs at least one line", invoice("o-3", "Ada"));
    }

    @Test
    void aQuantityBelowOneFailsNamingTheLine() {
        assertInvalid("line 2: quantity must be at least 1, was -3",
                invoice("o-4", "Ada", line(1, "Teapot", 1, 100), line(2, "Cup", -3, 100)));
        assertInvalid("line 1: quantity must be at least 1, was 0", invoice("o-4", "Ada", line(1, "Teapot", 0, 100)));
    }

    @Test
    void aNegativeUnitPriceFailsNamingTheLine() {
        assertInvalid("line 3: unit price must not be negative, was -1 cents", invoice("o-5", "Ada",
                line(1, "Teapot", 1, 100), line(2, "Cup", 1, 0), line(3, "Spoon", 1, -1)));
    }

    @Test
    void aMissingOrBlankProductNameFailsNamingTheLine() {
        ObjectNode nameless = line(2, "x", 1, 100);
        nameless.remove("name");
        assertInvalid("line 2: product name is missing", invoice("o-6", "Ada", line(1, "Teapot", 1, 100), nameless));
        assertInvalid("line 1: product name must not be blank", invoice("o-6", "Ada", line(1, "  ", 1, 100)));
    }

    @Test
    void aQuantityThatIsNotAWholeNumberFails() {
        ObjectNode fractional = line(1, "Teapot", 1, 100);
        fractional.put("quantity", 1.5);
        assertInvalid("line 1: quantity must be a whole number, was 1.5", invoice("o-7", "Ada", fractional));
    }

    @Test
    void anUnparseableDateFails() {
        ObjectNode payload = invoice("o-8", "Ada", line(1, "Teapot", 1, 100)).put("createdAt", "yesterday");
        assertInvalid("createdAt must be an ISO-8601 date-time with an offset (2026-11-24T10:15:30Z), was 'yesterday'",
                payload);
    }

    @Test
    void aHundredThousandCharacterNameIsCutToTheColumnInOnePass() throws Exception {
        String name = "Ada" + "x".repeat(100_000);
        Artifact artifact = handler.handle(invoice("o-long", name, line(1, "P" + "y".repeat(100_000), 1, 100)),
                new RecordedProgress());
        Pdf pdf = Pdf.read(artifact.content());
        assertTrue(pdf.text.contains("Adaxxx"), pdf.text);
        assertTrue(pdf.text.contains("..."), pdf.text);
        assertFalse(pdf.text.contains("x".repeat(1000)), "the name was cut");
    }

    @Test
    void aVeryLongOrderIdStillMakesAFileNameTheServiceCanKeep() throws Exception {
        String orderId = "o-" + "9".repeat(298);
        Artifact artifact = handler.handle(invoice(orderId, "Ada", line(1, "Teapot", 1, 100)), new RecordedProgress());
        assertEquals("invoice-o-" + "9".repeat(98) + ".pdf", artifact.fileName());
        assertTrue(artifact.fileName().length() <= Artifact.MAX_FILE_NAME);
    }

    @Test
    void itNamesTheFieldsTheServiceChecksAtSubmit() {
        assertEquals("invoice", handler.type());
        assertEquals(List.of("/orderId", "/customer/name", "/customer/email", "/lines", "/currency"),
                handler.requiredFields());
        assertTrue(JobHandlers.shop().stream().anyMatch(registered -> registered.type().equals("invoice")));
        ObjectNode payload = invoice("o-9", "Ada", line(1, "Teapot", 1, 100));
        for (String pointer : handler.requiredFields()) {
            assertFalse(payload.at(pointer).isMissingNode(), pointer + " is what order-service sends");
        }
    }

    @Test
    void itRendersTheInvoiceJobOrderServiceSends() throws Exception {
        // The record order-service writes, as its ObjectMapper writes it: a renamed field fails here.
        InvoiceJob job = InvoiceJob.of("alice-sub", new InvoiceJob.Payload("o-10",
                new InvoiceJob.Customer("Ada", "ada@example.com"), List.of(new InvoiceJob.Line(7, "Teapot", 2, 3900)),
                "EUR", OffsetDateTime.parse("2026-11-24T10:15:30Z")));
        JsonNode sent = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).valueToTree(job);
        assertEquals(handler.type(), sent.path("type").asText());
        assertEquals("alice-sub", sent.path("owner").asText(), "worker-service's JobSubmission reads the owner here");
        for (String pointer : handler.requiredFields()) {
            assertFalse(sent.path("payload").at(pointer).isMissingNode(), pointer + " is in what order-service sends");
        }
        Pdf pdf = Pdf.read(handler.handle(sent.path("payload"), new RecordedProgress()).content());
        assertTrue(pdf.text.contains("Order o-10"), pdf.text);
        assertTrue(pdf.text.contains("Teapot 2 EUR 39.00 EUR 78.00"), pdf.text);
    }

    private void assertInvalid(String message, ObjectNode payload) {
        RecordedProgress progress = new RecordedProgress();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> handler.handle(MAPPER.valueToTree(payload), progress));
        assertEquals(message, e.getMessage());
        assertTrue(progress.reports.isEmpty(), "no progress before the payload is checked: " + progress.reports);
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    /** A PDF read back: its page count, its whole text and its last page's text. */
    record Pdf(int pages, String text, String lastPageText) {

        static Pdf read(byte[] bytes) throws IOException {
            try (PDDocument document = Loader.loadPDF(bytes)) {
                PDFTextStripper stripper = new PDFTextStripper();
                String text = stripper.getText(document);
                stripper.setStartPage(document.getNumberOfPages());
                stripper.setEndPage(document.getNumberOfPages());
                return new Pdf(document.getNumberOfPages(), text, stripper.getText(document));
            }
        }
    }
}
