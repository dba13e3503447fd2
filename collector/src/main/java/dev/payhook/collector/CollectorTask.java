package dev.payhook.collector;

import java.time.Duration;
import java.util.List;

/** One kind of pull work the collector does: the recovery job today, report collection next. */
public interface CollectorTask {

    String name();

    /** How often {@code scheduled} mode runs it. */
    Duration interval();

    /**
     * Everything this task has to do, once.
     *
     * @return what could not be done, in words; empty when the run did everything
     */
    List<String> runOnce() throws InterruptedException;
}
