package dev.brigade.process;

import java.nio.charset.Charset;

/** What a successful {@code exec}/{@code execFile} collected. */
public record ExecResult(byte[] stdoutBytes, byte[] stderrBytes, Charset encoding) {

    public String stdout() {
        return new String(stdoutBytes, encoding);
    }

    public String stderr() {
        return new String(stderrBytes, encoding);
    }
}
