package dev.payhook.replay;

import java.util.List;

/**
 * Per input partition, where an application stands and where its replay would start.
 *
 * @param activeMembers instances in the consumer group now; a replay runs only when there are none
 */
public record ReplayPlan(
        ReplayedApplication application,
        String groupId,
        ReplayFrom from,
        List<PartitionReplay> partitions,
        List<String> activeMembers) {

    /** Records on the input topics the application has not consumed yet (its lag). */
    public long lag() {
        return partitions.stream()
                .filter(p -> p.committed() != null)
                .mapToLong(p -> p.end() - p.committed())
                .sum();
    }

    public long replayed() {
        return partitions.stream().mapToLong(PartitionReplay::replayed).sum();
    }

    public long rewoundPartitions() {
        return partitions.stream().filter(PartitionReplay::rewinds).count();
    }

    /** A table an operator reads before and after: one row per partition, then the totals. */
    public String render() {
        StringBuilder table = new StringBuilder(String.format(
                "%-32s %9s %12s %12s %12s %14s%n",
                "TOPIC", "PARTITION", "COMMITTED", "REPLAY-FROM", "LOG-END", "REPLAYED"));
        for (PartitionReplay p : partitions) {
            String note = p.committed() == null
                    ? "(never committed: starts at auto.offset.reset)"
                    : p.from() > p.committed() ? "(not consumed that far yet: left as it is)" : "";
            table.append(String.format(
                                    "%-32s %9d %12s %12d %12d %14d %s%n",
                                    p.partition().topic(),
                                    p.partition().partition(),
                                    p.committed() == null ? "-" : p.committed(),
                                    p.from(),
                                    p.end(),
                                    p.replayed(),
                                    note)
                            .stripTrailing())
                    .append(System.lineSeparator());
        }
        return table.toString();
    }
}
