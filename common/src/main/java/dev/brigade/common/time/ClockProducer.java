package dev.brigade.common.time;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The one clock of every service: UTC. Domain code asks it for the time ({@code OffsetDateTime.now(clock)}) instead
 * of the system, so a test can replace it with a fixed or moving clock of its own (a bean of type {@link Clock}).
 */
@Singleton
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
