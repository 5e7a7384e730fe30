package dev.brigade.worker.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The invoice a child renders before its first job, and the one the children's AOT cache is trained on. */
public final class WarmUpJobs {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WarmUpJobs() {
    }

    /** A one-line invoice for a customer nobody is: Jackson, PDFBox with its fonts and the job path get loaded. */
    public static JobRequest invoice(String id) {
        ObjectNode payload = MAPPER.createObjectNode().put("orderId", id).put("currency", "EUR")
                .put("createdAt", "2026-01-01T00:00:00Z");
        payload.putObject("customer").put("name", "Training Customer").put("email", "training@example.com");
        payload.putArray("lines").addObject().put("productId", 1).put("name", "Training Pan").put("quantity", 2)
                .put("unitPriceCents", 4500);
        return new JobRequest(id, "invoice", payload);
    }
}
