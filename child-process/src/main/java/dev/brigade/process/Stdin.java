package dev.brigade.process;

import java.io.InputStream;

/** What a spawned child reads on its standard input. */
public sealed interface Stdin {

    /** A pipe the caller writes through {@link ChildProcess#stdin()} and closes when done (Node's default). */
    static Stdin pipe() {
        return Pipe.INSTANCE;
    }

    /** Nothing: the child reads EOF at once. */
    static Stdin empty() {
        return new Bytes(new byte[0]);
    }

    /** These bytes, then EOF. Written by a separate thread, so a large input cannot deadlock against the output. */
    static Stdin of(byte[] bytes) {
        return new Bytes(bytes.clone());
    }

    /** Everything this stream yields, then EOF; the stream is closed afterwards. */
    static Stdin from(InputStream in) {
        return new Stream(in);
    }

    /** The parent's own standard input. */
    static Stdin inherit() {
        return Inherit.INSTANCE;
    }

    enum Pipe implements Stdin {
        INSTANCE
    }

    enum Inherit implements Stdin {
        INSTANCE
    }

    record Bytes(byte[] bytes) implements Stdin {
    }

    record Stream(InputStream in) implements Stdin {
    }
}
