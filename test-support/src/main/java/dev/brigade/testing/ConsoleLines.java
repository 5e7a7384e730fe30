package dev.brigade.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * The lines the service under {@code @QuarkusTest} writes to its console while this is open, formatted with the
 * configured console format ({@code quarkus.log.console.format}), as a person reading the log sees them.
 */
public final class ConsoleLines extends ExtHandler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final PatternFormatter format =
            new PatternFormatter(ConfigProvider.getConfig().getValue("quarkus.log.console.format", String.class));

    public static ConsoleLines capture() {
        ConsoleLines handler = new ConsoleLines();
        Logger.getLogger("").addHandler(handler);
        return handler;
    }

    @Override
    protected void doPublish(ExtLogRecord record) {
        lines.add(format.format(record));
    }

    public List<String> containing(String text) {
        return lines.stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
