package dev.brigade.it;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.brigade.it.FuzzedOperations.Operation;

/**
 * One request. {@code pathAndQuery} is already percent-encoded (and may be deliberately malformed); the body is
 * bytes (it may be deliberately not UTF-8); {@code raw}: sent on a plain socket, as {@link java.net.http.HttpClient}
 * cannot send it as it is (a control character or anything but ASCII in a header, a malformed URI).
 */
record FuzzCase(int index, Operation operation, String method, String pathAndQuery, Map<String, String> headers,
        byte[] body, String what, boolean raw) {

    String header(String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    int headerBytes() {
        return headers.entrySet().stream()
                .mapToInt(h -> h.getKey().length() + h.getValue().getBytes(StandardCharsets.UTF_8).length + 4).sum();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("#").append(index).append(' ').append(operation.label())
                .append(" [").append(what).append("]: ").append(method).append(' ')
                .append(Wire.abbreviate(pathAndQuery, 300));
        headers.forEach((name, value) -> text.append("\n      ").append(name).append(": ")
                .append(Wire.abbreviate(value, 200)));
        if (body != null) {
            text.append("\n      body (").append(body.length).append(" bytes): ")
                    .append(Wire.abbreviate(new String(body, StandardCharsets.UTF_8), 400));
        }
        return text.append(raw ? "\n      (sent on a plain socket)" : "").toString();
    }
}
