package dev.payhook.reconciler.stream;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.streams.TimeKeys;
import dev.payhook.streams.Tombstones;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The discrepancies ordered by status and detection time, so a page of them is a range read of
 * its length, never a scan of every discrepancy: the listing stays fast with millions. Key:
 * status, detection time in epoch milliseconds zero-padded so that text order is time order, and
 * the discrepancy id; value: its type, currency and merchant account (filtered while reading, so a
 * filter on them, and an operator limited to accounts, reads no discrepancy it does not show). A
 * discrepancy has one entry.
 */
public final class DiscrepancyIndex {

    /** Where a page ends: detection time and id, the key's tail. Opaque to clients. */
    public static final Pattern CURSOR = Pattern.compile("\\d{19}\\|dsc_[0-9a-f]{1,64}");

    private final KeyValueStore<String, String> store;

    DiscrepancyIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** Moves a discrepancy's entry from where its previous version put it to where this one does. */
    void move(Discrepancy before, Discrepancy after) {
        if (before != null && !key(before).equals(key(after))) {
            Tombstones.remove(store, key(before));
        }
        store.put(
                key(after),
                after.type().name() + "|" + (after.currency() == null ? "" : after.currency()) + "|"
                        + (after.account() == null ? "" : after.account()));
    }

    static String key(Discrepancy d) {
        return d.status() + "|" + cursor(d);
    }

    public static String cursor(Discrepancy d) {
        return TimeKeys.epochMillis(d.detectedAt()) + "|" + d.discrepancyId();
    }

    /**
     * Up to {@code limit} discrepancies after the cursor, oldest or newest first.
     *
     * @param indexes one index store per partition: each is in key order, the stores together are not
     * @param after  a cursor from an earlier page, null for the first
     */
    public static List<Discrepancy> page(
            List<? extends ReadOnlyKeyValueStore<String, String>> indexes,
            ReadOnlyKeyValueStore<String, Discrepancy> discrepancies,
            DiscrepancyFilter filter,
            String after,
            boolean newestFirst,
            int limit) {
        List<DiscrepancyStatus> statuses =
                filter.status() == null ? List.of(DiscrepancyStatus.values()) : List.of(filter.status());
        List<KeyValueIterator<String, String>> ranges = new ArrayList<>();
        try {
            for (DiscrepancyStatus s : statuses) {
                // The detection window and the cursor both narrow the range read: text order is time order.
                String from =
                        s + "|" + (filter.detectedFrom() == null ? "" : TimeKeys.epochMillis(filter.detectedFrom()));
                String to =
                        s + "|" + (filter.detectedUntil() == null ? "~" : TimeKeys.epochMillis(filter.detectedUntil()));
                if (after != null) {
                    if (newestFirst) {
                        to = min(to, s + "|" + after);
                    } else {
                        from = max(from, s + "|" + after);
                    }
                }
                if (from.compareTo(to) > 0) {
                    continue;
                }
                for (ReadOnlyKeyValueStore<String, String> index : indexes) {
                    ranges.add(newestFirst ? index.reverseRange(from, to) : index.range(from, to));
                }
            }
            Comparator<String> order = newestFirst ? Comparator.reverseOrder() : Comparator.naturalOrder();
            List<KeyValue<String, String>> heads = new ArrayList<>();
            ranges.forEach(r -> heads.add(r.hasNext() ? r.next() : null));
            List<Discrepancy> page = new ArrayList<>();
            while (page.size() < limit) {
                int next = -1;
                for (int i = 0; i < heads.size(); i++) {
                    if (heads.get(i) != null
                            && (next < 0 || order.compare(tail(heads.get(i).key), tail(heads.get(next).key)) < 0)) {
                        next = i;
                    }
                }
                if (next < 0) {
                    break;
                }
                KeyValue<String, String> entry = heads.get(next);
                heads.set(next, ranges.get(next).hasNext() ? ranges.get(next).next() : null);
                boolean isCursor = after != null && tail(entry.key).equals(after);
                // Entries written before the index held the currency have only the type; before it held the
                // account, no account: those are read to be told.
                String[] typeAndCurrency = entry.value.split("\\|", 3);
                boolean maybe = typeAndCurrency.length == 1
                        ? filter.type() == null || filter.type().name().equals(typeAndCurrency[0])
                        : filter.admits(typeAndCurrency[0], typeAndCurrency[1])
                                && (typeAndCurrency.length < 3 || filter.admitsAccount(typeAndCurrency[2]));
                if (!isCursor && maybe) {
                    Discrepancy d = discrepancies.get(entry.key.substring(entry.key.lastIndexOf('|') + 1));
                    if (d != null && filter.admits(d)) {
                        page.add(d);
                    }
                }
            }
            return page;
        } finally {
            ranges.forEach(KeyValueIterator::close);
        }
    }

    private static String min(String a, String b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String tail(String key) {
        return key.substring(key.indexOf('|') + 1);
    }
}
